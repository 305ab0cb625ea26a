/**
 * moveApiVersion: a rule that moves Kubernetes objects off API versions removed at or before the target, from rows
 * of data/api-moves.json (each with its source and as-of date). Where the replacement takes the object as written
 * (after the row's field renames, if any) the apiVersion is rewritten; where it does not, the finding names the
 * fields to change. YAML and JSON manifests are rewritten; Terraform `kubernetes_manifest` objects are rewritten only
 * for unconditional moves (eksctl-migrate does not read their fields); Helm templates are reported.
 */
import type { Document } from 'yaml';
import { type FactoryMeta, type RuleContext, type RuleModule, withMessages } from '../eks/context';
import { compareVersions } from '../eks/versions';
import { type HclNode, allObjects, asString, keyName, objectElems, valueOf } from '../parsers/hcl';
import { isMap, isScalar, isSeq, pairOf, valueAt, type YAMLMap } from '../parsers/yaml';
import { replaceScalar } from '../parsers/yaml-edit';
import type { Edit } from '../util/range';
import { k8sObjects, objectLabel } from './manifests';

/** A path of keys from the object's root: ["spec", "selector"]. */
export type FieldPath = readonly string[];

/** A row of data/api-moves.json. */
export interface ApiMove {
  readonly from: string;
  readonly kinds: readonly string[];
  /** The replacement version (none when the API is gone altogether: see `gone`). */
  readonly to?: string;
  /** The Kubernetes version that no longer serves `from`. */
  readonly removedIn: string;
  /**
   * From this version the replacement is served and `from` is deprecated: with early moves on (the default), an
   * upgrade that reaches it moves the object before the removal.
   */
  readonly deprecatedIn?: string;
  /** No replacement: what to do instead. */
  readonly gone?: string;
  /** The move always needs a person: why. */
  readonly manual?: string;
  /**
   * The move needs a person when the object has any field of `anyOf`, lacks any field of `missing`, or a named check
   * of the rule says so; and always where eks-migrate cannot read the object's fields (Terraform, templates).
   */
  readonly manualIf?: { readonly why: string; readonly anyOf?: readonly FieldPath[]; readonly missing?: readonly FieldPath[]; readonly check?: string };
  /** Keys the replacement renames: the key `from` of the map at `path` becomes `to`. */
  readonly renames?: ReadonlyArray<{ readonly path: FieldPath; readonly from: string; readonly to: string }>;
  readonly source: string;
  readonly asOf: string;
}

/** A check named by rows (`manualIf.check`): true when the object needs a person. */
export type ObjectCheck = (o: YAMLMap) => boolean;

export const has = (m: unknown, path: FieldPath): boolean => {
  let cur: unknown = m;
  for (const p of path) {
    if (!isMap(cur)) return false;
    cur = valueAt(cur, p);
  }
  return cur !== undefined && cur !== null;
};

/**
 * The row that applies to `apiVersion` / `kind` for an upgrade to `target`: removed by then, or (`early`) deprecated
 * by then with its replacement served.
 */
export function moveIn(rows: readonly ApiMove[], apiVersion: string, kind: string, target: string, early = false): ApiMove | undefined {
  const reached = (v: string | undefined) => v !== undefined && (compareVersions(v, target) ?? 1) <= 0;
  return rows.find((m) => m.from === apiVersion && m.kinds.includes(kind) && (reached(m.removedIn) || (early && !m.gone && reached(m.deprecatedIn))));
}

/** The row is applied before its removal (deprecated at the target, not yet removed). */
const isEarly = (m: ApiMove, target: string): boolean => (compareVersions(m.removedIn, target) ?? -1) > 0;

/**
 * Why `row` cannot move the object as written, or undefined when it can. `null`: eks-migrate cannot look at the
 * object's fields, so only an unconditional move (no manualIf, no renames) is automatic.
 */
export function whyManual(row: ApiMove, o: YAMLMap | null, checks: Readonly<Record<string, ObjectCheck>> = {}): string | undefined {
  if (row.manual) return row.manual;
  const c = row.manualIf;
  if (c) {
    if (o === null) return c.why;
    if (c.anyOf?.some((p) => has(o, p)) || c.missing?.some((p) => !has(o, p))) return c.why;
    if (c.check) {
      const f = checks[c.check];
      if (!f) throw new Error(`data/api-moves.json names a check "${c.check}" that the rule does not have`);
      if (f(o)) return c.why;
    }
  }
  if (o === null && row.renames?.length) return `${row.to} renames ${row.renames.map((r) => `${[...r.path, r.from].join('.')} → ${r.to}`).join(', ')}`;
  return undefined;
}

export const API_MOVE_MESSAGES = {
  gone: '{{label}}: {{gone}}',
  byHand: '{{label}} was removed in {{removedIn}}: move it to {{to}} by hand; {{why}}',
  moved: '{{label}} was removed in {{removedIn}}: moved to {{to}}, which takes the object as written',
  movedEarly: '{{label}} is deprecated from {{deprecatedIn}} and removed in {{removedIn}} (not yet at {{target}}): moved to {{to}}{{renamed}}, which {{target}} serves and which takes the object as written (--no-early-api-moves leaves it)',
  movedRenamed: '{{label}} was removed in {{removedIn}}: moved to {{to}} and renamed {{renamed}}, as {{to}} names them',
  inTemplate: '{{kind}} ({{from}}) in this template: {{what}}',
  reference: '{{label}} refers to {{ref}} ({{from}}), which Kubernetes removed in {{removedIn}}: {{what}}',
} as const;

export interface MoveApiOptions {
  readonly meta: FactoryMeta;
  /** Checks that rows name in `manualIf.check`. */
  readonly checks?: Readonly<Record<string, ObjectCheck>>;
}

export function moveApiVersion(rows: readonly ApiMove[], opts: MoveApiOptions): RuleModule {
  const checks = opts.checks ?? {};
  for (const r of rows) if (r.manualIf?.check && !checks[r.manualIf.check]) throw new Error(`api move ${r.from}: no check named ${r.manualIf.check}`);

  function create(ctx: RuleContext) {
    const text = ctx.file.text;
    const target = ctx.options.target;
    const early = ctx.options.earlyApiMoves !== false;
    const docs = (list: readonly Document.Parsed[]) => {
      for (const o of k8sObjects(list)) {
        const m = moveIn(rows, o.apiVersion, o.kind, target, early);
        if (!m) continue;
        // deprecated, not yet removed: moved only where the replacement takes the object as written
        const ahead = isEarly(m, target);
        if (ahead && (m.gone || !m.to || whyManual(m, o.map, checks))) continue;
        const node = pairOf(o.map, 'apiVersion')?.value;
        if (!isScalar(node) || !node.range) continue;
        const range: [number, number] = [node.range[0], node.range[1]];
        const label = `${objectLabel(o)} (${o.apiVersion})`;
        if (m.gone || !m.to) {
          ctx.report({ range, severity: 'manual', messageId: 'gone', data: { label, gone: m.gone ?? 'no replacement' } });
          continue;
        }
        const why = whyManual(m, o.map, checks);
        if (why) {
          ctx.report({ range, severity: 'manual', messageId: 'byHand', data: { label, removedIn: m.removedIn, to: m.to, why } });
          continue;
        }
        const e = replaceScalar(node, m.to);
        if (!e) continue;
        const renames = renameEdits(m, o.map);
        if (renames === undefined) {
          ctx.report({ range, severity: 'manual', messageId: 'byHand', data: { label, removedIn: m.removedIn, to: m.to, why: whyManual(m, null) ?? '' } });
          continue;
        }
        if (ahead) {
          const renamed = renames.shown.length ? ` and renamed ${renames.shown.join(', ')}` : '';
          ctx.report({ range, messageId: 'movedEarly', data: { label, deprecatedIn: m.deprecatedIn ?? '', removedIn: m.removedIn, to: m.to, target, renamed }, fix: [e, ...renames.edits] });
        } else if (renames.edits.length) {
          ctx.report({ range, messageId: 'movedRenamed', data: { label, removedIn: m.removedIn, to: m.to, renamed: renames.shown.join(', ') }, fix: [e, ...renames.edits] });
        } else ctx.report({ range, messageId: 'moved', data: { label, removedIn: m.removedIn, to: m.to }, fix: e });
      }
      // references inside objects (an HPA's scaleTargetRef, an owner reference) that name a removed version
      for (const o of k8sObjects(list)) {
        const walk = (n: unknown, depth: number, where: string) => {
          if (depth > 20 || !isMap(n)) return;
          for (const p of n.items) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            if (depth > 0 && k === 'apiVersion' && isScalar(p.value) && p.value.range) {
              const from = String(p.value.value);
              const kind = isScalar(valueAt(n, 'kind')) ? String((valueAt(n, 'kind') as { value: unknown }).value) : undefined;
              const m = kind ? moveIn(rows, from, kind, target) : rows.find((r) => r.from === from && (compareVersions(r.removedIn, target) ?? 1) <= 0);
              if (m) {
                ctx.report({
                  range: [p.value.range[0], p.value.range[1]], severity: 'manual', messageId: 'reference',
                  data: { label: objectLabel(o), ref: where || 'a reference', from, removedIn: m.removedIn, what: m.gone ?? `point it at ${m.to}${kind ? ` (${kind})` : ''}, where the object now lives` },
                });
              }
            }
            if (depth === 0 && k === 'items' && /List$/.test(o.kind)) continue; // a List's items are objects of their own
            if (isMap(p.value)) walk(p.value, depth + 1, k);
            else if (isSeq(p.value)) for (const it of p.value.items) walk(it, depth + 1, k);
          }
        };
        walk(o.map, 0, '');
      }
    };
    const hcl = (root: HclNode) => {
      // kubernetes_manifest { manifest = { apiVersion = "…", kind = "…", … } }
      for (const n of allObjects(root)) {
        const elems = objectElems(n);
        const get = (k: string) => elems.find((e) => keyName(e) === k);
        const av = get('apiVersion');
        const kd = get('kind');
        const avs = av && asString(valueOf(av), text);
        const kind = kd && asString(valueOf(kd), text)?.view.text;
        if (!avs || avs.templated || !kind) continue;
        const m = moveIn(rows, avs.view.text, kind, target);
        if (!m) continue;
        const range: [number, number] = [avs.content[0], avs.content[1]];
        const label = `${kind} (${avs.view.text})`;
        const why = m.gone || !m.to ? undefined : whyManual(m, null, checks);
        if (m.gone || !m.to) ctx.report({ range, severity: 'manual', messageId: 'gone', data: { label, gone: m.gone ?? 'no replacement' } });
        else if (why) ctx.report({ range, severity: 'manual', messageId: 'byHand', data: { label, removedIn: m.removedIn, to: m.to, why } });
        else ctx.report({ range, messageId: 'moved', data: { label, removedIn: m.removedIn, to: m.to }, fix: { range, text: m.to } });
      }
    };
    // a Helm template is not YAML: report removed versions written in it, change nothing
    const template = () => {
      if (!ctx.file.template) return;
      for (const m of text.matchAll(/^[ \t]*apiVersion:[ \t]*["']?([\w./-]+)["']?[ \t]*\r?\n(?:[ \t]*#.*\r?\n)*[ \t]*kind:[ \t]*["']?(\w+)/gm)) {
        const move = moveIn(rows, m[1], m[2], target);
        if (!move) continue;
        const at = (m.index ?? 0) + m[0].indexOf(m[1]);
        const conditional = !!(move.manual || move.manualIf || move.renames?.length);
        const what = move.gone ?? `removed in ${move.removedIn}; move it to ${move.to}${conditional ? ` (${whyManual(move, null, checks) ?? ''})` : ''}`;
        ctx.report({ range: [at, at + m[1].length], severity: 'manual', messageId: 'inTemplate', data: { kind: m[2], from: m[1], what } });
      }
    };
    return { yaml: docs, json: docs, hcl, text: template };
  }

  return { meta: withMessages(opts.meta, API_MOVE_MESSAGES), create };
}

/** The key edits a row's renames make in an object, or undefined when one cannot be made (the new key exists). */
function renameEdits(row: ApiMove, o: YAMLMap): { edits: Edit[]; shown: string[] } | undefined {
  const edits: Edit[] = [];
  const shown: string[] = [];
  for (const r of row.renames ?? []) {
    let cur: unknown = o;
    for (const p of r.path) cur = isMap(cur) ? valueAt(cur, p) : undefined;
    if (!isMap(cur)) continue;
    const pair = pairOf(cur, r.from);
    if (!pair) continue;
    if (pairOf(cur, r.to) || !isScalar(pair.key) || !pair.key.range) return undefined;
    const e = replaceScalar(pair.key, r.to);
    if (!e) return undefined;
    edits.push(e);
    shown.push(`${[...r.path, r.from].join('.')} → ${r.to}`);
  }
  return { edits, shown };
}

/** Whether a sequence or map has items. */
export const nonEmpty = (v: unknown): boolean => (isMap(v) && v.items.length > 0) || (isSeq(v) && v.items.length > 0);
