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
import { blockAttributes, blockHeader, children, type HclNode, keyName, referenceIn, simpleReference, topBlocks, valueOf } from '../parsers/hcl';
import { isScalar, pairOf, valueAt } from '../parsers/yaml';
import type { Range } from '../util/range';
import { literalValue, type ResolvedVersion, type TerraformFolder } from './cluster-version';
import { eksctlVersion, isClusterConfig } from './eksctl';

export interface VersionUse {
  readonly sort: 'use';
  /** In the user's words: `module "eks" cluster_version`, `aws_eks_cluster.this.version`, `metadata.version`. */
  readonly what: string;
  /** The literal's text, or the whole expression. */
  readonly range: Range;
  /** The version written right there, when it is a literal. */
  readonly literal?: { readonly range: Range; readonly value: string };
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
  readonly source: 'variable' | 'local' | 'tfvars';
  readonly what: string;
  readonly literal?: { readonly range: Range; readonly value: string };
  /** The use it feeds: `cluster_version`, `aws_eks_cluster.version`. */
  readonly usedAs: string;
  /** What the variable or local resolves to across the folder (another .tfvars may set it too). */
  readonly effective: ResolvedVersion;
}

export type VersionPlace = VersionUse | VersionDefinition;

/** Variables and locals whose value ends up as a cluster or node group version in this folder. */
export function versionNames(folder: TerraformFolder): { vars: Map<string, string>; locals: Map<string, string> } {
  const vars = new Map<string, string>();
  const locals = new Map<string, string>();
  for (const u of folder.uses) {
    const use = u.kind === 'module' ? u.attr : `${u.kind}.version`;
    let ref = referenceIn(u.exprText);
    for (let depth = 0; ref && depth < 8; depth++) {
      if (ref.root === 'var') {
        vars.set(ref.name, use);
        break;
      }
      locals.set(ref.name, use);
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
      out.push({ sort: 'definition', source: 'tfvars', what: k, literal: literalValue(valueOf(a), text), usedAs: names.vars.get(k)!, effective: resolveVar(k) });
    }
    return out;
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
        const lit = literalValue(expr, text);
        const range: Range = lit?.range ?? [expr?.startIndex ?? a.startIndex, expr?.endIndex ?? a.endIndex];
        if (lit) {
          out.push({ sort: 'use', what, range, literal: lit, resolved: { value: lit.value, sites: [] }, passedOn: false });
          continue;
        }
        const exprText = expr?.text.trim() ?? '';
        const ref = simpleReference(expr);
        const resolved: ResolvedVersion = ref ? folder.resolve({ file, ref, text: exprText, hasValue: true }) : { sites: [], unresolved: `is set from the expression \`${exprText}\`` };
        const reason = resolved.unresolved && (ref ? `(\`${exprText}\`): ${resolved.unresolved}` : resolved.unresolved);
        const fromCaller = !ref || /comes from the caller|is not declared/.test(resolved.unresolved ?? '');
        out.push({ sort: 'use', what, range, resolved, reason, passedOn: fromCaller && /\b(cluster_version|kubernetes_version)\b/.test(expr?.text ?? '') });
      }
    }
    // definitions that feed a version: variable defaults and locals in this file
    if (h.type === 'variable' && h.labels[0] && names.vars.has(h.labels[0])) {
      const d = attrs.find((a) => keyName(a) === 'default');
      out.push({
        sort: 'definition', source: 'variable', what: `variable "${h.labels[0]}" default`, literal: literalValue(d && valueOf(d), text),
        usedAs: names.vars.get(h.labels[0])!, effective: resolveVar(h.labels[0]),
      });
    }
    if (h.type === 'locals') {
      for (const a of attrs) {
        const k = keyName(a);
        if (!k || !names.locals.has(k)) continue;
        const lit = literalValue(valueOf(a), text);
        out.push({ sort: 'definition', source: 'local', what: `local.${k}`, literal: lit, usedAs: names.locals.get(k)!, effective: lit ? { value: lit.value, sites: [] } : { sites: [] } });
      }
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
    const r = node.range!;
    const range: Range = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? [r[0] + 1, r[1] - 1] : [r[0], r[1]];
    out.push({ sort: 'use', what: 'metadata.version', range, literal: value !== undefined ? { range, value } : undefined, resolved: { value, sites: [] }, passedOn: false });
  }
  return out;
}

/** The cluster version an eksctl ClusterConfig document asks for (its metadata.version), for version guards. */
export function eksctlClusterVersion(doc: Document.Parsed, text: string): ResolvedVersion {
  return { value: eksctlVersion(doc, text).value, sites: [] };
}
