/**
 * The version surface: every place of a file where a cluster's or node group's Kubernetes version is written, with
 * how it resolves. Two sorts of place:
 * - a use: a setting that asks for a version (eksctl `metadata.version`; terraform-aws-eks `cluster_version` /
 *   v21 `kubernetes_version`; `aws_eks_cluster` / `aws_eks_node_group` `version`), a literal or an expression that
 *   resolves (or not) through `var.` / `local.` and the folder's `.tfvars` (cluster-version.ts);
 * - a definition: a literal that such a use takes its value from (a `variable` default, a `locals` entry, a
 *   `.tfvars` value), with the use it feeds.
 * cluster-version bumps and judges these places; version guards read the resolved value (RuleContext.versionAt,
 * which reads the same folder model).
 */
import type { Document } from 'yaml';
import {
  allKeyed, blockAttribute, blockAttributes, blockHeader, children, type HclNode, keyName, objectElems, referenceIn, simpleReference, subBlocks, topBlocks, valueOf,
} from '../parsers/hcl';
import { isMap, isScalar, pairOf, valueAt } from '../parsers/yaml';
import { scalarRange } from '../parsers/yaml-edit';
import type { Range } from '../util/range';
import { literalValue, type ResolvedVersion, type TerraformFolder } from './cluster-version';
import { eksctlVersion, isClusterConfig } from './eksctl';

/** A version literal where it is written. `quoted`: a string (an unquoted number reads 1.30 as 1.3). */
export interface VersionLiteral {
  readonly range: Range;
  readonly value: string;
  readonly quoted: boolean;
}

/**
 * Names that hold a cluster's Kubernetes version wherever they are written (tfvars, Terragrunt inputs, locals, maps,
 * variable-set maps): `cluster_version`, `kubernetes_version`, `eks_cluster_version`, `k8s_version`, `eks_version`,
 * `*_kubernetes_version`.
 */
export const VERSION_NAME = /^(cluster_version|kubernetes_version|eks_cluster_version|k8s_version|eks_version|[\w-]+_kubernetes_version)$/;

/** An expression that reads the version of another resource or module: already right, whatever it is. */
const VERSION_REFERENCE = /^(data\.)?aws_eks_cluster\.[\w-]+\.version$|^module\.[\w-]+\.(cluster_version|kubernetes_version)$/;

export interface VersionUse {
  readonly sort: 'use';
  /** In the user's words: `module "eks" cluster_version`, `aws_eks_cluster.this.version`, `metadata.version`. */
  readonly what: string;
  /** The literal's text, or the whole expression. */
  readonly range: Range;
  /** The version written right there, when it is a literal. */
  readonly literal?: VersionLiteral;
  /** It reads another resource's or module's version (`aws_eks_cluster.this.version`): right as it is. */
  readonly reference?: boolean;
  /** It takes one of several entries of a map (by workspace, say): each entry is a place of its own. */
  readonly perEntry?: string;
  /** What it resolves to (a literal resolves to itself). */
  readonly resolved: ResolvedVersion;
  /** Why it does not resolve, in the user's words (with the expression). */
  readonly reason?: string;
  /** The value is handed down from elsewhere (a caller's variable, module.x.cluster_version): bumped where written. */
  readonly passedOn: boolean;
  /** Not a plain value at all (eksctl: an alias, a map). */
  readonly unreadable?: boolean;
}

export interface VersionDefinition {
  readonly sort: 'definition';
  /**
   * variable / local / tfvars: linked to a use of the folder; entry: an entry of a map or object a use reads;
   * named: written under a version name where no use of the paths given reads it (tfvars of another folder,
   * Terragrunt inputs, a variable-set map): linked by its name.
   */
  readonly source: 'variable' | 'local' | 'tfvars' | 'entry' | 'named';
  readonly what: string;
  readonly literal?: VersionLiteral;
  /** The use it feeds: `cluster_version`, `aws_eks_cluster.version`. */
  readonly usedAs: string;
  /** What the variable or local resolves to across the folder (another .tfvars may set it too). */
  readonly effective: ResolvedVersion;
}

/** A `validation { condition = contains([...], var.NAME) }` list of a version variable: it must hold the target. */
export interface VersionValidation {
  readonly sort: 'validation';
  readonly what: string;
  /** The versions listed, and where a new one goes (after the last). */
  readonly listed: readonly string[];
  readonly insertAt: number;
  /** How the list writes its items: `"1.29"`. */
  readonly quote: string;
}

export type VersionPlace = VersionUse | VersionDefinition | VersionValidation;

/** A literal version: a quoted string (not templated) or a number. */
export function versionLiteral(expr: HclNode | undefined, text: string): VersionLiteral | undefined {
  const l = literalValue(expr, text);
  return l && { ...l, quoted: text[l.range[0] - 1] === '"' };
}

/** The object elements of an expression whose values are version literals: a map by workspace, an object by role. */
function versionEntries(expr: HclNode | undefined, text: string): Array<{ key: string; literal: VersionLiteral }> {
  const out: Array<{ key: string; literal: VersionLiteral }> = [];
  for (const e of objectElems(expr)) {
    const lit = versionLiteral(valueOf(e), text);
    const key = keyName(e);
    if (lit && key !== undefined && /^\d+\.\d+$/.test(lit.value)) out.push({ key, literal: lit });
  }
  return out;
}

/** Variables and locals whose value ends up as a cluster or node group version in this folder. */
export function versionNames(folder: TerraformFolder): { vars: Map<string, string>; locals: Map<string, string> } {
  const vars = new Map<string, string>();
  const locals = new Map<string, string>();
  for (const u of folder.uses) {
    const use = u.kind === 'module' ? u.attr : `${u.kind}.version`;
    // local.versions["node-group"], local.by_workspace[terraform.workspace]: the local is the map
    let ref = referenceIn(u.exprText) ?? referenceIn(/^\s*local\.[\w-]+/.exec(u.exprText)?.[0] ?? '');
    for (let depth = 0; ref && depth < 8; depth++) {
      const add = (m: Map<string, string>, name: string) => m.set(name, [...new Set([...(m.get(name)?.split(', ') ?? []), use])].join(', '));
      if (ref.root === 'var') {
        add(vars, ref.name);
        break;
      }
      add(locals, ref.name);
      const l = folder.definition('local', ref.name);
      ref = l?.ref;
    }
  }
  return { vars, locals };
}

/** The version places of a Terraform file (`.tf` or `.tfvars`) in its folder. */
export function hclVersionPlaces(file: string, text: string, root: HclNode, folder: TerraformFolder): VersionPlace[] {
  const out: VersionPlace[] = [];
  const names = versionNames(folder);
  const resolveVar = (name: string) => folder.resolve({ file, ref: { root: 'var', name }, text: '', hasValue: true });
  if (/\.tfvars$/.test(file)) {
    const body = children(root).find((c) => c.type === 'body');
    for (const a of body ? children(body).filter((c) => c.type === 'attribute') : []) {
      const k = keyName(a);
      if (!k || !names.vars.has(k)) continue;
      out.push({ sort: 'definition', source: 'tfvars', what: k, literal: versionLiteral(valueOf(a), text), usedAs: names.vars.get(k)!, effective: resolveVar(k) });
    }
    return [...out, ...namedPlaces(root, text, out)];
  }
  for (const b of topBlocks(root)) {
    const h = blockHeader(b);
    const attrs = blockAttributes(b);
    const kind = h.type === 'module' ? 'module' : h.type === 'resource' && (h.labels[0] === 'aws_eks_cluster' || h.labels[0] === 'aws_eks_node_group') ? h.labels[0] : undefined;
    if (kind) {
      for (const a of attrs) {
        const name = keyName(a) ?? '';
        if (kind === 'module' ? name !== 'cluster_version' && name !== 'kubernetes_version' : name !== 'version') continue;
        const expr = valueOf(a);
        const what = kind === 'module' ? `module "${h.labels[0] ?? ''}" ${name}` : `${kind}.${h.labels[1] ?? ''}.version`;
        const lit = versionLiteral(expr, text);
        const range: Range = lit?.range ?? [expr?.startIndex ?? a.startIndex, expr?.endIndex ?? a.endIndex];
        if (lit) {
          out.push({ sort: 'use', what, range, literal: lit, resolved: { value: lit.value, sites: [] }, passedOn: false });
          continue;
        }
        const exprText = expr?.text.trim() ?? '';
        if (VERSION_REFERENCE.test(exprText)) {
          out.push({ sort: 'use', what, range, reference: true, resolved: { sites: [] }, passedOn: true });
          continue;
        }
        const entry = mapAccess(exprText, folder, file);
        if (entry) {
          out.push({ sort: 'use', what, range, ...entry.use });
          continue;
        }
        const ref = simpleReference(expr);
        const resolved: ResolvedVersion = ref ? folder.resolve({ file, ref, text: exprText, hasValue: true }) : { sites: [], unresolved: `is set from the expression \`${exprText}\`` };
        const reason = resolved.unresolved && (ref ? `(\`${exprText}\`): ${resolved.unresolved}` : resolved.unresolved);
        const fromCaller = !ref || /comes from the caller|is not declared/.test(resolved.unresolved ?? '');
        out.push({ sort: 'use', what, range, resolved, reason, passedOn: fromCaller && /\b(cluster_version|kubernetes_version)\b/.test(expr?.text ?? '') });
      }
    }
    // definitions that feed a version: variable defaults and locals in this file
    if (h.type === 'variable' && h.labels[0] && (names.vars.has(h.labels[0]) || VERSION_NAME.test(h.labels[0]))) {
      const name = h.labels[0];
      const d = attrs.find((a) => keyName(a) === 'default');
      if (names.vars.has(name)) {
        out.push({
          sort: 'definition', source: 'variable', what: `variable "${name}" default`, literal: versionLiteral(d && valueOf(d), text),
          usedAs: names.vars.get(name)!, effective: resolveVar(name),
        });
      } else {
        const lit = versionLiteral(d && valueOf(d), text);
        if (lit) out.push({ sort: 'definition', source: 'named', what: `variable "${name}" default`, literal: lit, usedAs: name, effective: { value: lit.value, sites: [] } });
      }
      out.push(...validations(b, name, text));
    }
    if (h.type === 'locals') {
      for (const a of attrs) {
        const k = keyName(a);
        if (!k || !names.locals.has(k)) continue;
        const lit = versionLiteral(valueOf(a), text);
        if (lit || !versionEntries(valueOf(a), text).length) {
          out.push({ sort: 'definition', source: 'local', what: `local.${k}`, literal: lit, usedAs: names.locals.get(k)!, effective: lit ? { value: lit.value, sites: [] } : { sites: [] } });
          continue;
        }
        // a map by workspace or an object by role: each entry is a version of its own
        for (const e of versionEntries(valueOf(a), text)) {
          out.push({ sort: 'definition', source: 'entry', what: `local.${k}["${e.key}"]`, literal: e.literal, usedAs: names.locals.get(k)!, effective: { value: e.literal.value, sites: [] } });
        }
      }
    }
  }
  return [...out, ...namedPlaces(root, text, out)];
}

/** `local.NAME.key`, `local.NAME["key"]` or `local.NAME[expr]` where local.NAME is a map of versions. */
function mapAccess(exprText: string, folder: TerraformFolder, file: string): { use: Omit<VersionUse, 'sort' | 'what' | 'range'> } | undefined {
  const m = /^local\.([\w-]+)(?:\.([\w-]+)|\[\s*"([^"]+)"\s*\]|\[(.+)\])$/s.exec(exprText);
  if (!m) return undefined;
  const entries = folder.entriesOf('local', m[1]);
  if (!entries?.length) return undefined;
  const key = m[2] ?? m[3];
  if (key === undefined) {
    return { use: { resolved: { sites: [] }, passedOn: true, perEntry: `local.${m[1]}`, reason: `takes one entry of local.${m[1]} (by \`${m[4].trim()}\`)` } };
  }
  const e = entries.find((x) => x.key === key);
  if (!e) return undefined;
  return { use: { resolved: { value: e.value, sites: [{ file, range: [0, 0], value: e.value, via: `local.${m[1]}["${key}"]` }] }, passedOn: false } };
}

/** `validation { condition = contains(["1.28", "1.29"], var.NAME) }` blocks of a variable. */
function validations(block: HclNode, name: string, text: string): VersionValidation[] {
  const out: VersionValidation[] = [];
  for (const v of subBlocks(block, 'validation')) {
    const cond = blockAttribute(v, 'condition');
    const e = cond && valueOf(cond);
    if (!e) continue;
    const t = text.slice(e.startIndex, e.endIndex);
    const m = /contains\(\s*\[([^\]]*)\]\s*,\s*var\.([\w-]+)\s*\)/.exec(t);
    if (!m || m[2] !== name) continue;
    const items = [...m[1].matchAll(/"(1\.\d+)"/g)];
    if (!items.length) continue;
    const last = items[items.length - 1];
    const listStart = e.startIndex + m.index + m[0].indexOf('[') + 1;
    out.push({ sort: 'validation', what: `variable "${name}" validation`, listed: items.map((x) => x[1]), insertAt: listStart + (last.index ?? 0) + last[0].length, quote: '"' });
  }
  return out;
}

/**
 * Versions written under a version name (VERSION_NAME) that no other place covers: a `.tfvars` of another folder, a
 * Terragrunt `inputs` or `locals` entry, an entry of a variable-set map, a node group's `kubernetes_version`. A
 * module's own `cluster_version` argument is a use, not one of these.
 */
function namedPlaces(root: HclNode, text: string, covered: readonly VersionPlace[]): VersionDefinition[] {
  const taken = new Set(covered.flatMap((p) => (p.sort === 'definition' && p.literal ? [p.literal.range[0]] : p.sort === 'use' ? [p.range[0]] : [])));
  const out: VersionDefinition[] = [];
  for (const [key, nodes] of allKeyed(root)) {
    if (!VERSION_NAME.test(key)) continue;
    for (const n of nodes) {
      const block = n.type === 'attribute' ? n.parent?.parent : undefined;
      if (block?.type === 'block' && ['module', 'variable'].includes(blockHeader(block).type)) continue; // a use, or a variable's own
      const value = valueOf(n);
      const lit = versionLiteral(value, text);
      const add = (what: string, l: VersionLiteral) => {
        if (taken.has(l.range[0]) || !/^\d+\.\d+$/.test(l.value)) return;
        taken.add(l.range[0]);
        out.push({ sort: 'definition', source: 'named', what, literal: l, usedAs: key, effective: { value: l.value, sites: [] } });
      };
      if (lit) add(key, lit);
      else for (const e of versionEntries(value, text)) add(`${key}["${e.key}"]`, e.literal);
    }
  }
  return out;
}

/** The version places of eksctl ClusterConfig documents: `metadata.version`. */
export function eksctlVersionPlaces(docs: readonly Document.Parsed[], text: string): VersionUse[] {
  const out: VersionUse[] = [];
  for (const doc of docs) {
    if (!isClusterConfig(doc)) continue;
    const { value, node } = eksctlVersion(doc, text);
    if (!node || !isScalar(node)) {
      const p = pairOf(valueAt(doc.contents, 'metadata'), 'version');
      const r = (p?.key as { range?: [number, number] } | undefined)?.range;
      // no version: eksctl picks its default, nothing to bump
      if (p && r) out.push({ sort: 'use', what: 'metadata.version', range: [r[0], r[1]], resolved: { sites: [] }, passedOn: false, unreadable: true });
      continue;
    }
    const range = scalarRange(node)!;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    out.push({ sort: 'use', what: 'metadata.version', range, literal: value !== undefined ? { range, value, quoted } : undefined, resolved: { value, sites: [] }, passedOn: false });
  }
  return out;
}

/** The cluster version an eksctl ClusterConfig document asks for (its metadata.version), for version guards. */
export function eksctlClusterVersion(doc: Document.Parsed, text: string): ResolvedVersion {
  return { value: eksctlVersion(doc, text).value, sites: [] };
}

/** `*.tfvars.json` (and `.tf.json` locals are not read): top-level string values under a version name. */
export function jsonVersionPlaces(docs: readonly Document.Parsed[]): VersionDefinition[] {
  const out: VersionDefinition[] = [];
  for (const d of docs) {
    const root = d.contents;
    if (!isMap(root)) continue;
    for (const p of root.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const v = p.value;
      if (!VERSION_NAME.test(key) || !isScalar(v) || typeof v.value !== 'string' || !/^1\.\d+$/.test(v.value) || !v.range) continue;
      const range = scalarRange(v)!; // inside the JSON string's quotes
      out.push({ sort: 'definition', source: 'named', what: key, literal: { range, value: v.value, quoted: true }, usedAs: key, effective: { value: v.value, sites: [] } });
    }
  }
  return out;
}

/**
 * The one cluster version a .tfvars or Terragrunt text writes under a version name (`cluster_version = "1.32"`,
 * `kubernetes_version`, `eks_version`, …), when it writes exactly one.
 */
export function namedVersion(text: string): string | undefined {
  const vs = new Set([...text.matchAll(/\b(?:cluster_version|kubernetes_version|eks_cluster_version|k8s_version|eks_version|[\w-]+_kubernetes_version)[ \t]*=[ \t]*"?(1\.\d+)"?[ \t]*(?:#.*)?$/gm)].map((m) => m[1]));
  return vs.size === 1 ? [...vs][0] : undefined;
}

