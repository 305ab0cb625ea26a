/**
 * node-ami-version: node AMIs move with the cluster: SSM parameter paths and AMI name filters that embed the minor,
 * managed node group AMI release versions, Karpenter aliases pinned to a release. See README.md beside this file.
 */
import type { Document } from 'yaml';
import { LAST_AL2_MINOR as LAST_AL2 } from '../../src/eks/al2';
import { al2Holding } from '../../src/eks/al2-hold';
import { knownOlderThan, type ResolvedVersion } from '../../src/eks/cluster-version';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { isClusterConfig } from '../../src/eks/eksctl';
import { hclKeyedValues, type KeyedValue, minorIn, previousOf, yamlKeyedValues } from '../../src/eks/pins';
import { textSites, type TextSite } from '../../src/eks/sites';
import { eksctlClusterVersion } from '../../src/eks/version-surface';
import { minorOf, releaseOf } from '../../src/eks/versions';
import { bySite, placeName, type Reading, readingsOf, versionAfter } from '../../src/eks/readings';
import { scalarText as valueText } from '../../src/graph/values';
import type { HclNode } from '../../src/parsers/hcl';
import { isMap, scalarText, valueAt } from '../../src/parsers/yaml';


/** Where AMI names and SSM parameter paths carry the minor (group 1: the text before it; 2: the minor). */
const PATTERNS: ReadonlyArray<{ re: RegExp; al2: (m: RegExpMatchArray) => boolean }> = [
  { re: /(\/aws\/service\/eks\/optimized-ami\/)(1\.\d+)(?=\/)/g, al2: (m) => /^\/amazon-linux-2(?!023)/.test(m.input!.slice(m.index! + m[0].length)) },
  { re: /(\/aws\/service\/bottlerocket\/aws-k8s-)(1\.\d+)(?=[/-])/g, al2: () => false },
  { re: /(Windows_Server-\d{4}-English-(?:Core|Full)-EKS_Optimized-)(1\.\d+)(?=[/-]|$)/g, al2: () => false },
  { re: /(amazon-eks-node-al2023-[\w]+-[\w]+-)(1\.\d+)(?=-)/g, al2: () => false },
  { re: /(amazon-eks-(?:gpu-|arm64-)?node-)(1\.\d+)(?=-v)/g, al2: () => true },
  { re: /(bottlerocket-aws-k8s-)(1\.\d+)(?=-)/g, al2: () => false },
];

/** The SSM parameter that names the newest AMI release of an AMI type for a Kubernetes version. */
function releaseParameter(version: string, amiType: string): string {
  const t = amiType.toUpperCase();
  const path =
    t === 'AL2_X86_64' ? 'amazon-linux-2' : t === 'AL2_ARM_64' ? 'amazon-linux-2-arm64' : t === 'AL2_X86_64_GPU' ? 'amazon-linux-2-gpu'
      : t.startsWith('AL2023_ARM_64') ? 'amazon-linux-2023/arm64/standard' : t === 'AL2023_X86_64_NVIDIA' ? 'amazon-linux-2023/x86_64/nvidia'
        : t === 'AL2023_X86_64_NEURON' ? 'amazon-linux-2023/x86_64/neuron' : 'amazon-linux-2023/x86_64/standard';
  return `/aws/service/eks/optimized-ami/${version}/${path}/recommended/release_version`;
}

function create(ctx: RuleContext) {
  const { target } = ctx.options;
  const prev = previousOf(target);
  const prevMinor = minorOf(prev)!;
  const text = ctx.file.text;
  const behind = (v: ResolvedVersion) => knownOlderThan(v, prev);

  /** SSM paths and AMI name filters in a string. */
  const names = (site: TextSite, held: boolean, al2Only = false) => {
    if (!/optimized-ami|bottlerocket|EKS_Optimized|amazon-eks-/.test(site.text)) return;
    const t = site.view.text;
    for (const { re, al2 } of PATTERNS) {
      for (const m of t.matchAll(re)) {
        // an AL2 image has no release past 1.32, whichever minor it names; other images move from target−1 only
        const noAl2 = al2(m) && minorOf(target)! > LAST_AL2;
        if (!noAl2 && (al2Only || minorOf(m[2]) !== prevMinor)) continue;
        const at = (m.index ?? 0) + m[1].length;
        const range: [number, number] = [site.view.toRaw(at), site.view.toRaw(at + m[2].length)];
        const data = { what: m[0] + t.slice((m.index ?? 0) + m[0].length).split(/["'\s]/)[0], from: m[2], target, label: site.label };
        if (noAl2) {
          ctx.report({ range, severity: 'manual', messageId: 'noAl2', data });
          continue;
        }
        if (held) continue; // AL2 nodes keep the cluster at 1.32 (cluster-version says so): its AMIs stay with it
        ctx.report({ range, messageId: 'moved', data, fix: { range, text: target } });
      }
    }
  };

  /** A managed node group AMI release pinned for target−1. */
  const release = (k: KeyedValue, amiType: string) => {
    if (minorIn(k.value) !== prevMinor) return;
    ctx.report({
      range: k.range, severity: 'manual', messageId: 'release',
      data: { key: k.key, value: k.value, target, command: `aws ssm get-parameter --name ${releaseParameter(target, amiType)} --query Parameter.Value --output text` },
    });
  };

  /** A Karpenter alias pinned to an AMI release: that release must have AMIs for the target. */
  const alias = (k: KeyedValue) => {
    const m = /^(al2023|al2|bottlerocket|windows20\d\d)@v(\d{4})(\d\d)(\d\d)$/.exec(k.value);
    if (!m) return;
    const date = `${m[2]}-${m[3]}-${m[4]}`;
    const eks = releaseOf(target)?.eksRelease;
    const data = { alias: k.value, target, date, eks: eks ?? '?' };
    if (m[1] === 'al2' && minorOf(target)! > LAST_AL2) ctx.report({ range: k.range, severity: 'manual', messageId: 'aliasAl2', data });
    else if (eks && date < eks) ctx.report({ range: k.range, severity: 'manual', messageId: 'aliasTooOld', data });
    else ctx.report({ range: k.range, severity: 'warning', messageId: 'aliasPinned', data });
  };

  /**
   * AMI releases the configuration graph finds: any literal a node group's release_version (or ami_release_version)
   * comes from, in whatever file and under whatever name it is written, reported when its cluster goes to the target.
   */
  const releasesFromGraph = async (): Promise<Set<number>> => {
    const estate = await ctx.versions.estate();
    const file = ctx.file.absPath;
    const readings: Reading[] = [];
    for (const c of estate.clustersReading(file)) for (const n of c.nodes) if (n.release) readings.push(...readingsOf(c, n.release, { node: n }));
    const done = new Set<number>();
    for (const { site, readings: rs } of bySite(readings).values()) {
      if (site.file !== file) continue;
      const value = valueText(rs[0].alt.val);
      if (value === undefined || minorIn(value) !== prevMinor || !/^1\.\d+\.\d+-\d{8}$/.test(value)) continue;
      const range = await ctx.graphRange(site.range);
      if (!range) continue;
      done.add(range[0]);
      if (!rs.some((r) => versionAfter(r.cluster, target, ctx.options.today) === target)) continue;
      const amiType = rs.flatMap((r) => r.node?.amiType ?? []).map((a) => valueText(a.val)).find(Boolean) ?? '';
      const key = `${placeName(estate, site)} (release_version of ${[...new Set(rs.map((r) => r.node!.what))].join(', ')})`;
      release({ key, value, range, beside: () => undefined }, amiType);
    }
    return done;
  };

  return {
    hcl: async (root: HclNode) => {
      const graphed = await releasesFromGraph();
      // a cluster hops before it gets here (cluster-version says which): its AMIs wait for it, but an AL2 image is
      // a blocker on every hop past 1.32
      if (behind(await ctx.versionAt(0))) {
        if (minorOf(target)! > LAST_AL2) for (const s of await textSites(ctx, 'hcl', root)) names(s, false, true);
        return;
      }
      // AL2 nodes keep the cluster at 1.32 (cluster-version says so): AMIs stay with it
      const held = (await al2Holding(ctx)).length > 0;
      for (const s of await textSites(ctx, 'hcl', root)) names(s, held);
      for (const k of hclKeyedValues(root, text, /^release_version$/)) if (!graphed.has(k.range[0])) release(k, k.beside('ami_type') ?? '');
      // an AMI release written where no node group of the paths reads it (a unit's .tfvars, a map for another
      // module): its form (1.33.5-20251120) under a name that says AMI or release is enough to report it
      for (const k of hclKeyedValues(root, text, /ami|release|image|node/i)) {
        if (k.key === 'release_version' || graphed.has(k.range[0]) || !/^1\.\d+\.\d+-\d{8}$/.test(k.value)) continue;
        release(k, k.beside('ami_type') ?? '');
      }
    },
    yaml: async (docs: readonly Document.Parsed[]) => {
      for (const doc of docs) {
        const eksctl = isClusterConfig(doc);
        if (eksctl && behind(eksctlClusterVersion(doc, text))) {
          if (minorOf(target)! > LAST_AL2) for (const s of await textSites(ctx, 'yaml', [doc])) names(s, false, true);
          continue;
        }
        const held = (await al2Holding(ctx, [doc])).length > 0;
        for (const s of await textSites(ctx, 'yaml', [doc])) names(s, held);
        if (eksctl) {
          for (const k of yamlKeyedValues([doc], text, /^releaseVersion$/)) release(k, /AmazonLinux2$/.test(k.beside('amiFamily') ?? '') ? 'AL2_x86_64' : 'AL2023_x86_64_STANDARD');
        }
        const root = doc.contents;
        if (isMap(root) && scalarText(valueAt(root, 'kind'), '') === 'EC2NodeClass') {
          for (const k of yamlKeyedValues([doc], text, /^alias$/)) if (k.holderKey === 'amiSelectorTerms') alias(k);
        }
      }
    },
  };
}

const rule: RuleModule = {
  meta: {
    id: 'node-ami-version',
    title: 'Move node AMIs with the cluster',
    description:
      'Moves the Kubernetes minor in EKS AMI SSM parameter paths and AMI name filters from target-1 to the target; reports managed ' +
      'node group AMI releases pinned for target-1 with the aws ssm command that names the release for the target, and Karpenter ' +
      'aliases pinned to a release.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/node-ami-version/README.md',
    triggers: {
      // an AMI release written under any name (1.33.5-20251120) has a date in it
      hcl: ['optimized-ami', 'aws-k8s-', 'EKS_Optimized', 'amazon-eks-', 'release_version', '-2023', '-2024', '-2025', '-2026', '-2027'],
      yaml: ['optimized-ami', 'aws-k8s-', 'EKS_Optimized', 'amazon-eks-', 'releaseVersion', 'EC2NodeClass'],
    },
    kinds: ['hcl', 'yaml'],
    messages: {
      moved: '{{from}} → {{target}} in {{what}} ({{label}}): node AMIs are built per Kubernetes minor and must match the control plane',
      noAl2: '{{what}} ({{label}}) is an Amazon Linux 2 AMI: EKS publishes none for {{target}} (1.32 was the last); move these nodes to AL2023 first (al2023-nodes does where it can), and once no AL2 node is left run eks-migrate again: the AMIs then move to {{target}} with the cluster',
      release: '{{key}} {{value}} is an AMI release for the old minor: set the {{target}} release, which `{{command}}` prints (eks-migrate does not know AMI releases for {{target}})',
      aliasTooOld: 'amiSelectorTerms alias {{alias}} is pinned to the AMI release of {{date}}, before EKS released {{target}} ({{eks}}): that release has no {{target}} AMI, so nodes fail to launch; pin a newer release or use @latest',
      aliasAl2: 'amiSelectorTerms alias {{alias}}: there are no Amazon Linux 2 AMIs for {{target}}; move the node class to al2023',
      aliasPinned: 'amiSelectorTerms alias {{alias}} is pinned to the AMI release of {{date}}: check that it has {{target}} AMIs (newer releases carry fixes for {{target}}), or use @latest',
    },
  },
  create,
};

export default rule;
