/**
 * cluster-version: move the cluster's Kubernetes version one minor step, to the target. See README.md beside
 * this file.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { eksctlVersionPlaces, hclVersionPlaces, jsonVersionPlaces, type VersionDefinition, type VersionUse, type VersionValidation } from '../../src/eks/version-surface';
import { compareVersions, effectiveVersion, hops, minorOf, oldestRunning, supportStatus, versionOfMinor } from '../../src/eks/versions';
import { describeAl2, type Al2Node } from '../../src/eks/al2';
import { al2Holding } from '../../src/eks/al2-hold';
import type { Al2Sign } from '../../src/eks/estate';
import { bySite, holding, mirrorsOf, placeName, type Reading, readersText, readingsOf, siteKey } from '../../src/eks/readings';
import { scalarText, type Site } from '../../src/graph/values';
import { eksctlTemplateOf, shellVersionDefaults } from '../../src/eks/shell-version';
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

/** AL2 node definitions that hold a cluster, in the user's words (each once, three at most). */
function describeSigns(signs: readonly Al2Sign[]): string {
  const t = [...new Set(signs.map((s) => `${s.why}${s.when.length ? ` (when ${s.when.join(' and ')})` : ''}`))];
  return t.length <= 3 ? t.join('; ') : `${t.slice(0, 3).join('; ')} and ${t.length - 3} more`;
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

  // the kubelet settings wait only for a cluster that runs a version before them (none does since EKS left 1.25)
  const hopData = (what: string, v: string) => ({ what, version: v, path: [v, ...hops(v, target)].join(' → '), next: hops(v, target)[0], advice: (compareVersions(v, '1.26') ?? 0) < 0 ? kubeletAdvice : '' });

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
    // the version the cluster runs: EKS auto-upgraded one whose version left extended support to the oldest it
    // runs. A target older than that (a past hop, run as it was then) takes the version as written
    const eff = effectiveVersion(v, today) ?? v;
    const runs = (compareVersions(target, oldestRunning(today)) ?? 0) > 0 ? eff : v;
    if (s?.status === 'unsupported') {
      // EKS auto-upgrades a control plane when extended support ends: the cluster is no longer what the code says
      ctx.report({ range, severity: 'warning', messageId: 'drift', data: { what, version: v, next: eff, date: s.release.endOfExtendedSupport, today } });
    } else {
      const note = calendarNote(v, today);
      if (note) ctx.report({ range, severity: 'warning', messageId: 'support', data: { what, version: v, note } });
    }
    const c = compareVersions(runs, prev)!;
    if (c < 0) ctx.report({ range, severity: 'manual', messageId: 'hops', data: hopData(what, runs) });
    return c === 0;
  };

  /** The version of the root that calls this folder, when it is a module among the paths given (set per file). */
  let caller: Awaited<ReturnType<typeof ctx.versions.callerVersion>>;
  /** AL2 node groups that keep this cluster at 1.32 (set per file before the places are read). */
  let held: readonly Al2Node[] = [];
  const bump = (lit: { range: Range; quoted: boolean }, what: string, from: string, via?: string, signs?: readonly Al2Sign[]) => {
    // the graph's AL2 node definitions of the readers (given), else those of this file's folder and the modules it calls
    if (signs ? signs.length : held.length) {
      const nodes = signs?.length ? describeSigns(signs) : describeAl2(held);
      ctx.report({ range: lit.range, severity: 'manual', messageId: 'heldForAl2', data: { what, from, target, nodes, eksctl: ctx.file.kind === 'yaml' ? '; eksctl refuses amiFamily AmazonLinux2 from 1.33' : '' } });
      return;
    }
    // an unquoted number stays a number only where it reads as the version (1.29, not 1.30 = 1.3)
    const asString = !lit.quoted && !exactAsNumber(target);
    ctx.report({
      range: lit.range,
      messageId: asString ? 'bumpedQuoted' : 'bumped',
      data: {
        what, from, target, asNumber: String(Number(target)), via: via ? ` (${via})` : '', note: targetNote ? `. Note: ${targetNote}; plan the next upgrades` : '',
        // a version EKS auto-upgraded past: the hop is from the version the cluster runs, not from the one written
        step: compareVersions(from, prev) === 0 || minorOf(from) === undefined ? 'one minor version' : `one minor above ${prev}, the version EKS runs it at since its auto-upgrade`,
      },
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

  /**
   * The configuration graph's answer for this file: every literal a cluster (or node group) of any root and
   * environment reads its version from, decided from all its readers; mirrors of a bumped default move with it.
   * Returns the places it decided (literal ranges and the uses whose value it knows), for the folder model to skip.
   */
  const fromGraph = async (): Promise<{ literals: Set<number>; uses: Set<number> }> => {
    const estate = await ctx.versions.estate();
    const file = ctx.file.absPath;
    const clusters = estate.clustersReading(file);
    const readings: Reading[] = [];
    const uses = new Set<number>();
    const here = async (r: Range, then: (r: Range) => void) => {
      const m = await ctx.graphRange(r);
      if (m) then(m);
    };
    const known = (alts: readonly { val: { kind: string } }[]) => alts.length > 0 && alts.every((a) => a.val.kind !== 'unknown');
    for (const c of clusters) {
      readings.push(...readingsOf(c, c.version));
      if (c.versionUse?.file === file && known(c.version)) await here(c.versionUse.range, (r) => uses.add(r[0]));
      for (const n of c.nodes) {
        if (!n.version) continue;
        readings.push(...readingsOf(c, n.version, { node: n }));
        if (n.versionUse?.file === file && known(n.version)) await here(n.versionUse.range, (r) => uses.add(r[0]));
      }
    }
    const literals = new Set<number>();
    const mirrored = new Map<string, { site: Site; from: string; of: string }>();
    for (const { site, readings: rs } of bySite(readings).values()) {
      const v = scalarText(rs[0].alt.val);
      if (minorOf(v) === undefined || !/^\d+\.\d+$/.test(v!)) continue;
      const signs = [...new Map(rs.flatMap((r) => holding(r.cluster, target, ctx.options.al2023)).map((x) => [x.why, x])).values()];
      if (v === prev && !signs.length) for (const m of mirrorsOf(estate, site, v)) mirrored.set(siteKey(m), { site: m, from: v, of: placeName(estate, site) });
      if (site.file !== file) continue;
      const range = await ctx.graphRange(site.range);
      if (!range) continue; // an earlier pass of this run edited it
      literals.add(range[0]);
      const what = placeName(estate, site);
      const val = rs[0].alt.val;
      const quoted = val.kind === 'string' ? val.quoted !== false : false;
      if (!judge(range, what, v)) continue;
      // the graph's own node definitions decide; where it knows none of the readers' nodes, the folder scan does
      const knowsNodes = rs.some((r) => r.cluster.nodes.length > 0);
      bump({ range, quoted }, what, v!, `used as ${readersText(rs)}`, knowsNodes ? signs : undefined);
    }
    for (const m of mirrored.values()) {
      if (m.site.file !== file) continue;
      const range = await ctx.graphRange(m.site.range);
      if (!range || literals.has(range[0])) continue;
      literals.add(range[0]);
      bump({ range, quoted: true }, placeName(estate, m.site), m.from, `kept in step with ${m.of}`, []);
    }
    return { literals, uses };
  };

  // *.tfvars.json: a top-level version name
  const tfjson = async (docs: readonly Document.Parsed[]) => {
    const g = await fromGraph();
    for (const d of jsonVersionPlaces(docs)) if (!d.literal || !g.literals.has(d.literal.range[0])) await definition(d);
  };

  const hcl = async (root: HclNode) => {
    held = await al2Holding(ctx);
    caller = await ctx.versions.callerVersion(path.dirname(ctx.file.absPath));
    const g = await fromGraph();
    for (const place of hclVersionPlaces(ctx.file.absPath, text, root, await ctx.folder())) {
      if (place.sort === 'use') {
        // a use whose value the graph knows is decided at its literal; a module's use keeps its note on the caller
        if ((!g.uses.has(place.range[0]) || place.passedOn) && !(place.literal && g.literals.has(place.literal.range[0]))) use(place);
      } else if (place.sort === 'validation') validation(place);
      else if (!place.literal || !g.literals.has(place.literal.range[0])) await definition(place);
    }
  };

  // a shell default that sets the version of an eksctl config the script renders (K8S_VERSION=${K8S_VERSION:-1.33})
  const textHandler = async () => {
    const defaults = shellVersionDefaults(text);
    if (!defaults.length) return;
    const estate = await ctx.versions.estate();
    for (const d of defaults) {
      const cfg = eksctlTemplateOf(estate, ctx.file.absPath, text, d.name);
      if (!cfg) continue;
      const what = `${d.name} (${cfg.file === ctx.file.absPath ? 'the version of the eksctl ClusterConfig this script writes' : `the version of ${path.relative(path.dirname(ctx.file.absPath), cfg.file).split(path.sep).join('/')}`})`;
      if (!judge(d.range, what, d.value)) continue;
      const signs = cfg.al2 && (minorOf(target) ?? 0) > 32 ? [{ why: `managedNodeGroups/nodeGroups with amiFamily AmazonLinux2 in ${path.basename(cfg.file)}`, when: [] }] : [];
      bump({ range: d.range, quoted: true }, what, d.value, `feeds metadata.version`, signs);
    }
  };

  return { yaml, hcl, tfjson, text: textHandler };
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
    triggers: { hcl: ['version', '"1.', '1.2', '1.3', '= 1.'], yaml: ['ClusterConfig'], tfjson: ['version'], text: ['_VERSION=', '_VERSION:='] },
    kinds: ['hcl', 'yaml', 'tfjson', 'text'],
    messages: {
      bumped: 'bumped {{what}} {{from}} → {{target}}{{via}}: {{step}}, as EKS upgrades the control plane{{note}}',
      bumpedQuoted: 'bumped {{what}} {{from}} → "{{target}}"{{via}}, written as a string: unquoted, {{target}} is a number that HCL and YAML read as {{asNumber}}; {{step}}, as EKS upgrades the control plane{{note}}',
      validation: 'added "{{target}}" to the {{what}} list: it allows {{prev}}, and the version moves to {{target}}',
      drift: '{{what}} is {{version}}, but EKS ended extended support for {{version}} on {{date}} and auto-upgraded the control plane then: on {{today}} this cluster runs at least {{next}} (the oldest version EKS runs), so applying {{version}} asks for a downgrade (or a rollback). eks-migrate plans the next hops from there; read the live version with `aws eks describe-cluster --name <cluster> --query cluster.version`',
      perEntry: '{{what}} {{why}}: each entry of {{map}} is a cluster of its own, judged and bumped where it is written',
      hops: '{{what}} is {{version}}: EKS upgrades the control plane one minor version at a time, so this cluster goes {{path}}. ' +
        'Upgrade it to {{next}} first (control plane, then nodes; `eks-migrate --target {{next}}` prepares that step), then run eks-migrate again; eks-migrate leaves it as it is.{{advice}}',
      support: '{{what}} is {{version}}: {{note}} (Amazon EKS release calendar)',
      passedOn: '{{what}} {{why}}; it takes the version its caller passes in: move that where it is written (eks-migrate does when the caller is among the paths it runs on)',
      passedOnBumped: '{{what}} {{why}}; it takes the version of its caller ({{caller}}/ sets {{version}}), which eks-migrate bumps to {{target}} there',
      passedOnKept: '{{what}} {{why}}; it takes the version of its caller ({{caller}}/ sets {{version}}), which eks-migrate does not bump to {{target}} in this run (see the finding there)',
      unreadable: '{{what}} {{why}}; eks-migrate cannot bump it: set it to {{target}} yourself, one minor version at a time',
      heldForAl2: '{{what}} stays {{from}}: Amazon Linux 2 (AL2) nodes cannot run {{target}} (EKS publishes no AL2 AMI after 1.32{{eksctl}}) and AL2 node groups remain here: {{nodes}}. Move them to AL2023 first (the al2023-nodes findings in this run say, for each, what it switched in place, what it wrote beside it to drain, and what needs a person), then run eks-migrate again to bump the version',
      notPlain: 'metadata.version is not a plain value; set it to {{target}} yourself',
      feedsUnresolved: '{{name}} feeds {{use}} but {{why}}; set it to {{target}} yourself',
    },
  },
  create,
};

export default rule;
