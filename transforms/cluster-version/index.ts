/**
 * cluster-version: move the cluster's Kubernetes version one minor step, to the target. See README.md beside
 * this file.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { eksctlVersionPlaces, hclVersionPlaces, jsonVersionPlaces, type VersionDefinition, type VersionUse, type VersionValidation } from '../../src/eks/version-surface';
import { compareVersions, hops, minorOf, supportStatus, versionOfMinor } from '../../src/eks/versions';
import { describeAl2, type Al2Node } from '../../src/eks/al2';
import { al2Holding } from '../../src/eks/al2-hold';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import type { Range } from '../../src/engine/types';
import type { HclNode } from '../../src/parsers/hcl';

function calendarNote(version: string, today: string): string | undefined {
  const s = supportStatus(version, today);
  if (!s) return undefined;
  const r = s.release;
  if (s.status === 'unsupported') return `${r.version} left standard support on ${r.endOfStandardSupport} and extended support on ${r.endOfExtendedSupport}`;
  if (s.status === 'extended') return `${r.version} left standard support on ${r.endOfStandardSupport}; extended support (extra cost) ends on ${r.endOfExtendedSupport}`;
  return undefined;
}

/** HCL and YAML read an unquoted 1.30 as the number 1.3: such a version is written as a string. */
const exactAsNumber = (v: string): boolean => String(Number(v)) === v;

function create(ctx: RuleContext) {
  const { target, today } = ctx.options;
  const prev = versionOfMinor((minorOf(target) ?? 1) - 1);
  const text = ctx.file.text;
  const kubeletAdvice = ['kubelet-seccomp-default', 'kubelet-api-qps'].some((r) => ctx.activeRules.has(r))
    ? ' The kubelet settings (seccompDefault, kubeAPIQPS / kubeAPIBurst) also wait until the cluster runs 1.26 or later.'
    : '';
  const targetNote = calendarNote(target, today);

  const hopData = (what: string, v: string) => ({ what, version: v, path: [v, ...hops(v, target)].join(' → '), next: hops(v, target)[0], advice: kubeletAdvice });

  /**
   * Findings for a version that is read: EKS already upgraded it (past end of extended support), or support dates;
   * hops. Returns whether it is target-1.
   */
  const judge = (range: Range, what: string, v: string | undefined, why?: string, passedOn = false): boolean => {
    if (v === undefined || minorOf(v) === undefined) {
      if (passedOn) {
        // a version handed down from elsewhere (module.eks.cluster_version, a variable the caller sets): said what
        // happens where it is written, when the caller is among the paths given
        const c = caller && caller.value !== undefined ? caller : undefined;
        const rel = c ? path.relative(path.dirname(ctx.file.absPath), c.caller).split(path.sep).join('/') || '.' : '';
        const cmp = c ? compareVersions(c.value, prev) : undefined;
        if (c && cmp === 0) ctx.report({ range, severity: 'info', messageId: 'passedOnBumped', data: { what, why: why ?? '', caller: rel, version: c.value!, target } });
        else if (c && cmp !== undefined) ctx.report({ range, severity: 'info', messageId: 'passedOnKept', data: { what, why: why ?? '', caller: rel, version: c.value!, target } });
        else ctx.report({ range, severity: 'info', messageId: 'passedOn', data: { what, why: why ?? '' } });
      } else {
        ctx.report({ range, severity: 'manual', messageId: 'unreadable', data: { what, why: why ?? 'is not a version eks-migrate can read', target } });
      }
      return false;
    }
    const s = supportStatus(v, today);
    if (s?.status === 'unsupported') {
      // EKS auto-upgrades a control plane when extended support ends: the cluster is no longer what the code says
      const next = versionOfMinor(minorOf(v)! + 1);
      ctx.report({ range, severity: 'warning', messageId: 'drift', data: { what, version: v, next, date: s.release.endOfExtendedSupport } });
    } else {
      const note = calendarNote(v, today);
      if (note) ctx.report({ range, severity: 'warning', messageId: 'support', data: { what, version: v, note } });
    }
    const c = compareVersions(v, prev)!;
    if (c < 0) ctx.report({ range, severity: 'manual', messageId: 'hops', data: hopData(what, v) });
    return c === 0;
  };

  /** The version of the root that calls this folder, when it is a module among the paths given (set per file). */
  let caller: Awaited<ReturnType<typeof ctx.versions.callerVersion>>;
  /** AL2 node groups that keep this cluster at 1.32 (set per file before the places are read). */
  let held: readonly Al2Node[] = [];
  const bump = (lit: { range: Range; quoted: boolean }, what: string, from: string, via?: string) => {
    if (held.length) {
      ctx.report({ range: lit.range, severity: 'manual', messageId: 'heldForAl2', data: { what, from, target, nodes: describeAl2(held), eksctl: ctx.file.kind === 'yaml' ? '; eksctl refuses amiFamily AmazonLinux2 from 1.33' : '' } });
      return;
    }
    // an unquoted number stays a number only where it reads as the version (1.29, not 1.30 = 1.3)
    const asString = !lit.quoted && !exactAsNumber(target);
    ctx.report({
      range: lit.range,
      messageId: asString ? 'bumpedQuoted' : 'bumped',
      data: { what, from, target, asNumber: String(Number(target)), via: via ? ` (${via})` : '', note: targetNote ? `. Note: ${targetNote}; plan the next upgrades` : '' },
      fix: { range: lit.range, text: asString ? `"${target}"` : target },
    });
  };

  /** A use of a version: judged, and bumped when it is target-1 written right there. */
  const use = (u: VersionUse) => {
    if (u.reference) return; // another resource's version: right as it is
    if (u.unreadable) {
      ctx.report({ range: u.range, severity: 'manual', messageId: 'notPlain', data: { target } });
      return;
    }
    if (u.perEntry) {
      ctx.report({ range: u.range, severity: 'info', messageId: 'perEntry', data: { what: u.what, why: u.reason ?? '', map: u.perEntry } });
      return;
    }
    if (u.literal) {
      if (judge(u.range, u.what, u.literal.value)) bump(u.literal, u.what, u.literal.value);
      return;
    }
    judge(u.range, u.what, u.resolved.value, u.reason, u.passedOn);
  };

  /** A literal that a use takes its value from: bumped when it is target-1 and so is what the use gets. */
  const definition = async (d: VersionDefinition) => {
    const lit = d.literal;
    if (!lit) return;
    if (d.source === 'entry' || d.source === 'named') {
      // its own cluster (a workspace's, an environment's): judged and bumped where it is written
      if (!judge(lit.range, d.what, lit.value)) return;
      let via = `used as ${d.usedAs}`;
      if (d.source === 'named') {
        // a .tfvars of a -var-file layout feeds the variable of the same name of a module nearby
        const dir = path.dirname(ctx.file.absPath);
        const module = /\.tfvars(\.json)?$/.test(ctx.file.absPath) ? await ctx.versions.moduleDeclaring(dir, d.usedAs) : undefined;
        via = module
          ? `feeds variable "${d.usedAs}" of ${path.relative(dir, module).split(path.sep).join('/') || '.'}/ (same name)`
          : `no module in the paths given reads it here: linked to the cluster by its name ${d.usedAs}`;
      }
      bump(lit, d.what, lit.value, via);
      return;
    }
    const effective = d.source === 'local' ? lit.value : d.effective.value;
    if (lit.value === prev && effective === prev) bump(lit, d.what, lit.value, `used as ${d.usedAs}`);
    else if (d.source === 'tfvars' && d.effective.unresolved) {
      ctx.report({ range: lit.range, severity: 'manual', messageId: 'feedsUnresolved', data: { name: d.what, use: d.usedAs, why: d.effective.unresolved, target } });
    }
  };

  /** A validation list that allows target-1 allows the target too once the version moves. */
  const validation = (v: VersionValidation) => {
    if (!v.listed.includes(prev) || v.listed.includes(target)) return;
    ctx.report({ range: [v.insertAt, v.insertAt], messageId: 'validation', data: { what: v.what, target, prev }, fix: { range: [v.insertAt, v.insertAt], text: `, ${v.quote}${target}${v.quote}` } });
  };

  const yaml = async (docs: readonly Document.Parsed[]) => {
    held = await al2Holding(ctx, docs);
    for (const u of eksctlVersionPlaces(docs, text)) use(u);
  };

  // *.tfvars.json: a top-level version name
  const tfjson = async (docs: readonly Document.Parsed[]) => {
    for (const d of jsonVersionPlaces(docs)) await definition(d);
  };

  const hcl = async (root: HclNode) => {
    held = await al2Holding(ctx);
    caller = await ctx.versions.callerVersion(path.dirname(ctx.file.absPath));
    for (const place of hclVersionPlaces(ctx.file.absPath, text, root, await ctx.folder())) {
      if (place.sort === 'use') use(place);
      else if (place.sort === 'validation') validation(place);
      else await definition(place);
    }
  };

  return { yaml, hcl, tfjson };
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
    triggers: { hcl: ['version', '"1.', '1.2', '1.3', '= 1.'], yaml: ['ClusterConfig'], tfjson: ['version'] },
    kinds: ['hcl', 'yaml', 'tfjson'],
    messages: {
      bumped: 'bumped {{what}} {{from}} → {{target}}{{via}}: one minor version, as EKS upgrades the control plane{{note}}',
      bumpedQuoted: 'bumped {{what}} {{from}} → "{{target}}"{{via}}, written as a string: unquoted, {{target}} is a number that HCL and YAML read as {{asNumber}}; one minor version, as EKS upgrades the control plane{{note}}',
      validation: 'added "{{target}}" to the {{what}} list: it allows {{prev}}, and the version moves to {{target}}',
      drift: '{{what}} is {{version}}, but EKS ended extended support for {{version}} on {{date}} and auto-upgraded the control plane then: EKS upgraded this cluster to at least {{next}} on {{date}}, so applying {{version}} asks for a downgrade (or a rollback). Read the live version with `aws eks describe-cluster --name <cluster> --query cluster.version` and write that here',
      perEntry: '{{what}} {{why}}: each entry of {{map}} is a cluster of its own, judged and bumped where it is written',
      hops: '{{what}} is {{version}}: EKS upgrades the control plane one minor version at a time, so this cluster goes {{path}}. ' +
        'Upgrade it to {{next}} first (control plane, then nodes; `eks-migrate --target {{next}}` prepares that step), then run eks-migrate again; eks-migrate leaves it as it is.{{advice}}',
      support: '{{what}} is {{version}}: {{note}} (Amazon EKS release calendar)',
      passedOn: '{{what}} {{why}}; it takes the version its caller passes in: move that where it is written (eks-migrate does when the caller is among the paths it runs on)',
      passedOnBumped: '{{what}} {{why}}; it takes the version of its caller ({{caller}}/ sets {{version}}), which eks-migrate bumps to {{target}} there',
      passedOnKept: '{{what}} {{why}}; it takes the version of its caller ({{caller}}/ sets {{version}}), which eks-migrate does not bump to {{target}} in this run (see the finding there)',
      unreadable: '{{what}} {{why}}; eks-migrate cannot bump it: set it to {{target}} yourself, one minor version at a time',
      heldForAl2: '{{what}} stays {{from}}: Amazon Linux 2 (AL2) nodes cannot run {{target}} (EKS publishes no AL2 AMI after 1.32{{eksctl}}) and AL2 node groups remain here: {{nodes}}. Move them to AL2023 first (the al2023-nodes rule writes AL2023 groups beside them; drain and delete the AL2 ones), then run eks-migrate again to bump the version',
      notPlain: 'metadata.version is not a plain value; set it to {{target}} yourself',
      feedsUnresolved: '{{name}} feeds {{use}} but {{why}}; set it to {{target}} yourself',
    },
  },
  create,
};

export default rule;
