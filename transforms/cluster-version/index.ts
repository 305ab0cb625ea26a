/**
 * cluster-version: move the cluster's Kubernetes version one minor step, to the target. See README.md beside
 * this file.
 */
import type { Document } from 'yaml';
import { eksctlVersion, isClusterConfig } from '../../src/eks/eksctl';
import { literalValue, type ResolvedVersion, type TerraformFolder } from '../../src/eks/cluster-version';
import { compareVersions, hops, minorOf, supportStatus, versionOfMinor } from '../../src/eks/versions';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import type { Range } from '../../src/engine/types';
import { blockAttributes, blockHeader, children, type HclNode, keyName, referenceIn, simpleReference, topBlocks, valueOf } from '../../src/parsers/hcl';
import { isScalar, pairOf, valueAt } from '../../src/parsers/yaml';

const literal = literalValue;

function calendarNote(version: string, today: string): string | undefined {
  const s = supportStatus(version, today);
  if (!s) return undefined;
  const r = s.release;
  if (s.status === 'unsupported') return `${r.version} left standard support on ${r.endOfStandardSupport} and extended support on ${r.endOfExtendedSupport}`;
  if (s.status === 'extended') return `${r.version} left standard support on ${r.endOfStandardSupport}; extended support (extra cost) ends on ${r.endOfExtendedSupport}`;
  return undefined;
}

function create(ctx: RuleContext) {
  const { target, today } = ctx.options;
  const prev = versionOfMinor((minorOf(target) ?? 1) - 1);
  const text = ctx.file.text;
  const kubeletAdvice = ['kubelet-seccomp-default', 'kubelet-api-qps'].some((r) => ctx.activeRules.has(r))
    ? ' The kubelet settings (seccompDefault, kubeAPIQPS / kubeAPIBurst) also wait until the cluster runs 1.26 or later.'
    : '';
  const targetNote = calendarNote(target, today);

  const hopData = (what: string, v: string) => ({ what, version: v, path: [v, ...hops(v, target)].join(' → '), next: hops(v, target)[0], advice: kubeletAdvice });

  /** Findings for a version that is read (the use): hops, calendar. Returns whether it is target-1. */
  const judge = (range: Range, what: string, v: string | undefined, why?: string, passedOn = false): boolean => {
    if (v === undefined || minorOf(v) === undefined) {
      if (passedOn) {
        // a version handed down from elsewhere (module.eks.cluster_version, a variable the caller sets): it is
        // bumped where it is written
        ctx.report({ range, severity: 'info', messageId: 'passedOn', data: { what, why: why ?? '' } });
      } else {
        ctx.report({ range, severity: 'manual', messageId: 'unreadable', data: { what, why: why ?? 'is not a version eks-migrate can read', target } });
      }
      return false;
    }
    const note = calendarNote(v, today);
    if (note) ctx.report({ range, severity: 'warning', messageId: 'support', data: { what, version: v, note } });
    const c = compareVersions(v, prev)!;
    if (c < 0) ctx.report({ range, severity: 'manual', messageId: 'hops', data: hopData(what, v) });
    return c === 0;
  };

  const bump = (range: Range, what: string, from: string, via?: string) => {
    ctx.report({
      range,
      messageId: 'bumped',
      data: { what, from, target, via: via ? ` (${via})` : '', note: targetNote ? `. Note: ${targetNote}; plan the next upgrades` : '' },
      fix: { range, text: target },
    });
  };

  // -- eksctl -----------------------------------------------------------------------------------------------------
  const yaml = (docs: readonly Document.Parsed[]) => {
    for (const doc of docs) {
      if (!isClusterConfig(doc)) continue;
      const { value, node } = eksctlVersion(doc, text);
      const meta = valueAt(doc.contents, 'metadata');
      if (!node || !isScalar(node)) {
        if (pairOf(meta, 'version')) ctx.report({ range: rangeOf(pairOf(meta, 'version')!.key), severity: 'manual', messageId: 'notPlain', data: { target } });
        continue; // no version: eksctl picks its default, nothing to bump
      }
      const r = node.range!;
      const range: Range = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? [r[0] + 1, r[1] - 1] : [r[0], r[1]];
      if (judge(range, 'metadata.version', value)) bump(range, 'metadata.version', value!);
    }
  };

  // -- Terraform --------------------------------------------------------------------------------------------------
  const hcl = async (root: HclNode) => {
    const file = ctx.file.absPath;
    const folder = await ctx.folder();
    const isTfvars = /\.tfvars$/.test(file);
    const names = versionNames(folder);

    if (!isTfvars) {
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
            const lit = literal(expr, text);
            const range: Range = lit?.range ?? [expr?.startIndex ?? a.startIndex, expr?.endIndex ?? a.endIndex];
            if (lit) {
              if (judge(range, what, lit.value)) bump(range, what, lit.value);
              continue;
            }
            const ref = simpleReference(expr);
            const resolved: ResolvedVersion = ref
              ? folder.resolve({ file, ref, text: expr?.text.trim() ?? '', hasValue: true })
              : { sites: [], unresolved: `is set from the expression \`${expr?.text.trim() ?? ''}\`` };
            const reason = resolved.unresolved && (ref ? `(\`${expr?.text.trim()}\`): ${resolved.unresolved}` : resolved.unresolved);
            const fromCaller = !ref || /comes from the caller|is not declared/.test(resolved.unresolved ?? '');
            judge(range, what, resolved.value, reason, fromCaller && /\b(cluster_version|kubernetes_version)\b/.test(expr?.text ?? ''));
          }
        }
        // definitions that feed a version: variable defaults and locals in this file
        if (h.type === 'variable' && h.labels[0] && names.vars.has(h.labels[0])) {
          const d = attrs.find((a) => keyName(a) === 'default');
          const lit = literal(d && valueOf(d), text);
          const eff = folder.resolve({ file, ref: { root: 'var', name: h.labels[0] }, text: '', hasValue: true }).value;
          if (lit && lit.value === prev && eff === prev) bump(lit.range, `variable "${h.labels[0]}" default`, lit.value, `used as ${names.vars.get(h.labels[0])}`);
        }
        if (h.type === 'locals') {
          for (const a of attrs) {
            const k = keyName(a);
            if (!k || !names.locals.has(k)) continue;
            const lit = literal(valueOf(a), text);
            if (lit && lit.value === prev) bump(lit.range, `local.${k}`, lit.value, `used as ${names.locals.get(k)}`);
          }
        }
      }
    } else {
      const body = children(root).find((c) => c.type === 'body');
      for (const a of body ? children(body).filter((c) => c.type === 'attribute') : []) {
        const k = keyName(a);
        if (!k || !names.vars.has(k)) continue;
        const lit = literal(valueOf(a), text);
        const eff = folder.resolve({ file, ref: { root: 'var', name: k }, text: '', hasValue: true });
        if (lit && lit.value === prev && eff.value === prev) bump(lit.range, k, lit.value, `used as ${names.vars.get(k)}`);
        else if (lit && eff.unresolved) ctx.report({ range: lit.range, severity: 'manual', messageId: 'feedsUnresolved', data: { name: k, use: names.vars.get(k) ?? '', why: eff.unresolved, target } });
      }
    }
  };

  return { yaml, hcl };
}

const rangeOf = (n: unknown): Range => {
  const r = (n as { range?: [number, number] }).range ?? [0, 0];
  return [r[0], r[1]];
};

/** Variables and locals whose value ends up as a cluster or node group version in this folder. */
function versionNames(folder: TerraformFolder): { vars: Map<string, string>; locals: Map<string, string> } {
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


const rule: RuleModule = {
  meta: {
    id: 'cluster-version',
    title: 'Bump the cluster version one minor step',
    description:
      'Moves eksctl metadata.version, terraform-aws-eks cluster_version / kubernetes_version, aws_eks_cluster.version and ' +
      'aws_eks_node_group.version from target-1 to the target (following var. and local. in the folder); older versions get a ' +
      'finding that names every hop; versions past EKS support get a warning with the dates.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/cluster-version/README.md',
    // Terraform: any file of a folder may hold the literal a version comes from (a default, a tfvars value)
    triggers: { hcl: ['version', '"1.', '1.2', '1.3', '= 1.'], yaml: ['ClusterConfig'] },
    kinds: ['hcl', 'yaml'],
    messages: {
      bumped: 'bumped {{what}} {{from}} → {{target}}{{via}}: one minor version, as EKS upgrades the control plane{{note}}',
      hops: '{{what}} is {{version}}: EKS upgrades the control plane one minor version at a time, so this cluster goes {{path}}. ' +
        'Upgrade it to {{next}} first (control plane, then nodes), then run eks-migrate again; eks-migrate leaves it as it is.{{advice}}',
      support: '{{what}} is {{version}}: {{note}} (Amazon EKS release calendar)',
      passedOn: '{{what}} {{why}}; it follows the version set elsewhere, which eks-migrate bumps where it is written',
      unreadable: '{{what}} {{why}}; eks-migrate cannot bump it: set it to {{target}} yourself, one minor version at a time',
      notPlain: 'metadata.version is not a plain value; set it to {{target}} yourself',
      feedsUnresolved: '{{name}} feeds {{use}} but {{why}}; set it to {{target}} yourself',
    },
  },
  create,
};

export default rule;
