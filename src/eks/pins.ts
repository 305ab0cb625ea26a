/**
 * Pinned versions that move with the cluster: values written under a key (an add-on's `addon_version`, a node
 * group's `release_version`, a Helm `tag`), in Terraform and YAML, with what is written beside them. The rules
 * addon-versions, node-ami-version and cluster-autoscaler read them here.
 */
import type { Document } from 'yaml';
import { allKeyed, asString, type HclNode, keyName, pathOf, valueOf } from '../parsers/hcl';
import { isMap, isScalar, isSeq, scalarText, valueAt, type YAMLMap } from '../parsers/yaml';
import { scalarRange } from '../parsers/yaml-edit';
import type { Range } from '../util/range';
import { minorOf, versionOfMinor } from './versions';
import { siblings } from './sites';

export interface KeyedValue {
  readonly key: string;
  /** The value's text inside its quotes (or the plain scalar). */
  readonly range: Range;
  readonly value: string;
  /** A literal written beside it (same object or block, same YAML map). */
  beside(key: string): string | undefined;
  /** The key of the object that holds it (`kube-proxy = { addon_version = … }`), if any. */
  readonly holderKey?: string;
  /** The Terraform block it is in (`resource "aws_eks_addon" "x"`: ["resource", "aws_eks_addon", "x"]). */
  readonly block?: readonly string[];
}

/** Attributes and object elements whose key matches `keyRe` and whose value is a plain string literal. */
export function hclKeyedValues(root: HclNode, text: string, keyRe: RegExp): KeyedValue[] {
  const out: KeyedValue[] = [];
  for (const [key, nodes] of allKeyed(root)) {
    if (!keyRe.test(key)) continue;
    for (const n of nodes) {
      const s = asString(valueOf(n), text);
      if (!s || s.kind !== 'quoted' || s.templated) continue;
      const steps = pathOf(n);
      const holder = [...steps].reverse().find((x) => x.kind === 'key');
      const block = [...steps].reverse().find((x) => x.kind === 'block');
      out.push({
        key, range: [s.content[0], s.content[1]], value: s.view.text,
        beside: (k) => {
          const e = siblings(n).find((x) => keyName(x) === k);
          const v = e && asString(valueOf(e), text);
          return v ? v.view.text : e ? valueOf(e)?.text.trim() : undefined;
        },
        holderKey: holder?.kind === 'key' ? holder.name?.replace(/^"|"$/g, '') : undefined,
        block: block?.kind === 'block' ? [block.type, ...block.labels] : undefined,
      });
    }
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}

/** Pairs anywhere in YAML documents whose key matches `keyRe` and whose value is a string or number scalar. */
export function yamlKeyedValues(docs: readonly Document.Parsed[], text: string, keyRe: RegExp): KeyedValue[] {
  const out: KeyedValue[] = [];
  const walk = (n: unknown, holderKey: string | undefined, depth: number) => {
    if (depth > 100) return;
    if (isMap(n)) {
      for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        const v = p.value;
        if (keyRe.test(k) && isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number')) {
          const range = scalarRange(v);
          const map = n as YAMLMap;
          if (range && (v.type === 'PLAIN' || v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE')) {
            out.push({ key: k, range, value: scalarText(v, text) ?? String(v.value), beside: (key) => scalarText(valueAt(map, key), text), holderKey });
          }
        }
        walk(v, k, depth + 1);
      }
    } else if (isSeq(n)) for (const it of n.items) walk(it, holderKey, depth + 1);
  };
  for (const d of docs) walk(d.contents, undefined, 0);
  return out;
}

/** The minor of a version-ish text: "v1.29.0-eksbuild.1" → 29, "1.29.3-20240506" → 29. */
export const minorIn = (v: string): number | undefined => {
  const m = /^v?1\.(\d+)(?:\.|$|-)/.exec(v);
  return m ? Number(m[1]) : undefined;
};

/** target−1 as a version. */
export const previousOf = (target: string): string => versionOfMinor((minorOf(target) ?? 1) - 1);
