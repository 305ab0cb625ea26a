/**
 * cluster-autoscaler: the autoscaler's minor must match the control plane's; its image tag moves with the cluster,
 * to a release of the target's line from the dated table data/cluster-autoscaler.json. See README.md beside this file.
 */
import type { Document } from 'yaml';
import rows from '../../data/cluster-autoscaler.json';
import { knownOlderThan, type ResolvedVersion } from '../../src/eks/cluster-version';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { hclKeyedValues, minorIn, previousOf, yamlKeyedValues } from '../../src/eks/pins';
import { textSites, type TextSite } from '../../src/eks/sites';
import { minorOf } from '../../src/eks/versions';
import { bySite, placeName, type Reading, readingsOf, versionAfter } from '../../src/eks/readings';
import { scalarText as valueText } from '../../src/graph/values';
import type { HclNode } from '../../src/parsers/hcl';
import type { Range } from '../../src/util/range';

interface AutoscalerRow {
  readonly kubernetes: string;
  readonly tag: string;
  readonly source: string;
  readonly asOf: string;
}

export const RELEASES: readonly AutoscalerRow[] = rows as AutoscalerRow[];

const IMAGE = /(cluster-autoscaler:)(v1\.\d+\.\d+)(?![\w.-])/g;

function create(ctx: RuleContext) {
  const { target } = ctx.options;
  const prev = previousOf(target);
  const row = RELEASES.find((r) => r.kubernetes === target);
  const behind = (v: ResolvedVersion) => knownOlderThan(v, prev);

  const tag = (range: Range, from: string, where: string) => {
    if (minorIn(from) !== minorOf(prev)) return;
    if (!row) {
      ctx.report({ range, severity: 'manual', messageId: 'unknown', data: { from, where, target } });
      return;
    }
    ctx.report({ range, messageId: 'moved', data: { from, to: row.tag, where, target, asOf: row.asOf }, fix: { range, text: row.tag } });
  };

  const images = (site: TextSite) => {
    if (!site.text.includes('cluster-autoscaler:')) return;
    const t = site.view.text;
    for (const m of t.matchAll(IMAGE)) {
      const at = (m.index ?? 0) + m[1].length;
      tag([site.view.toRaw(at), site.view.toRaw(at + m[2].length)], m[2], site.label);
    }
  };

  /** Image tags the configuration graph finds (a Helm release's `set` or `values`, the tag written anywhere). */
  const fromGraph = async (): Promise<Set<number>> => {
    const estate = await ctx.versions.estate();
    const file = ctx.file.absPath;
    const readings: Reading[] = [];
    for (const c of estate.clustersReading(file)) for (const a of c.autoscaler) readings.push(...readingsOf(c, a.tag));
    const done = new Set<number>();
    for (const { site, readings: rs } of bySite(readings).values()) {
      if (site.file !== file) continue;
      const from = valueText(rs[0].alt.val);
      const range = await ctx.graphRange(site.range);
      if (!range || from === undefined || !/^v?1\.\d+\.\d+$/.test(from)) continue;
      done.add(range[0]);
      if (rs.every((r) => (versionAfter(r.cluster, target, ctx.options.today) ?? target) === target)) tag(range, from, `${placeName(estate, site)} (image tag of the cluster-autoscaler Helm release)`);
    }
    return done;
  };

  return {
    hcl: async (root: HclNode) => {
      await fromGraph();
      if (behind(await ctx.versionAt(0))) return;
      for (const s of await textSites(ctx, 'hcl', root)) images(s);
      // helm_release "…" { chart = "cluster-autoscaler", version = "9.x" }: the chart version decides the image
      for (const k of hclKeyedValues(root, ctx.file.text, /^version$/)) {
        if (k.block?.[1] !== 'helm_release' || k.beside('chart') !== 'cluster-autoscaler') continue;
        ctx.report({ range: k.range, severity: 'manual', messageId: 'chart', data: { version: k.value, target } });
      }
    },
    yaml: async (docs: readonly Document.Parsed[]) => {
      for (const s of await textSites(ctx, 'yaml', docs)) images(s);
      // Helm values: image: { repository: …/cluster-autoscaler, tag: v1.29.0 }
      for (const k of yamlKeyedValues(docs, ctx.file.text, /^tag$/)) {
        if (/cluster-autoscaler$/.test(k.beside('repository') ?? '')) tag(k.range, k.value, 'image.tag');
      }
    },
  };
}

const rule: RuleModule = {
  meta: {
    id: 'cluster-autoscaler',
    title: 'Move the cluster-autoscaler image with the cluster',
    description:
      'The cluster-autoscaler minor must match the control plane: moves image tags (manifests, Terraform strings, Helm image.tag) ' +
      'from target-1 to a release of the target line (dated table data/cluster-autoscaler.json); reports Helm chart version pins.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/cluster-autoscaler/README.md',
    // a tag written in a .tfvars or a default names no chart: any HCL file of a version near it may hold one
    triggers: { hcl: ['cluster-autoscaler', 'autoscaler'], yaml: ['cluster-autoscaler'] },
    kinds: ['hcl', 'yaml'],
    messages: {
      moved: 'cluster-autoscaler {{from}} → {{to}} in {{where}}: its minor must match the control plane ({{target}}); {{to}} is a {{target}} release in eks-migrate\'s table of {{asOf}} (newer patches may exist)',
      unknown: 'cluster-autoscaler {{from}} in {{where}}: its minor must match the control plane ({{target}}), and eks-migrate\'s table knows no {{target}} release: set the newest v{{target}}.x by hand',
      chart: 'the cluster-autoscaler chart version {{version}} decides the image: pick the chart version whose appVersion is {{target}}.x (`helm search repo autoscaler/cluster-autoscaler --versions`)',
    },
  },
  create,
};

export default rule;
