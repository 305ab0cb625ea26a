/**
 * addon-versions: pinned EKS add-on versions (kube-proxy, CoreDNS) move with the cluster, from the dated table
 * data/eks-addons.json. See README.md beside this file.
 */
import type { Document } from 'yaml';
import rows from '../../data/eks-addons.json';
import { knownOlderThan, type ResolvedVersion } from '../../src/eks/cluster-version';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { isClusterConfig } from '../../src/eks/eksctl';
import { hclKeyedValues, minorIn, previousOf, yamlKeyedValues } from '../../src/eks/pins';
import { eksctlClusterVersion } from '../../src/eks/version-surface';
import { bySite, mirrorsOf, placeName, type Reading, readersText, readingsOf, siteKey, versionAfter } from '../../src/eks/readings';
import { scalarText, type Site } from '../../src/graph/values';
import { effectiveVersion, minorOf } from '../../src/eks/versions';
import type { HclNode } from '../../src/parsers/hcl';
import type { Range } from '../../src/util/range';

interface AddonRow {
  readonly addon: string;
  readonly kubernetes: string;
  readonly version: string;
  readonly source: string;
  readonly asOf: string;
}

export const ADDONS: readonly AddonRow[] = rows as AddonRow[];

/** `v1.11.4-eksbuild.40` → [1, 11, 4, 40]. */
const parts = (v: string): number[] | undefined => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-(?:minimal-)?eksbuild\.(\d+))?$/.exec(v);
  return m ? [m[1], m[2], m[3], m[4] ?? '0'].map(Number) : undefined;
};
const cmp = (a: number[], b: number[]) => a.map((x, i) => Math.sign(x - b[i])).find((x) => x !== 0) ?? 0;

/** The add-on a key or a name stands for. */
function addonOf(...names: Array<string | undefined>): string | undefined {
  for (const n of names) {
    if (!n) continue;
    if (/kube[_-]?proxy/i.test(n)) return 'kube-proxy';
    if (/coredns/i.test(n)) return 'coredns';
  }
  return undefined;
}

export type AddonMode = 'off' | 'compatible' | 'latest-known';

function create(ctx: RuleContext) {
  const { target } = ctx.options;
  const mode: AddonMode = ctx.options.addons ?? 'compatible';
  const prev = previousOf(target);

  const check = (range: Range, addon: string, pin: string, where: string) => {
    if (pin === 'latest' || !parts(pin)) return; // eksctl `latest`, a range, a placeholder: EKS picks
    const row = ADDONS.find((r) => r.addon === addon && r.kubernetes === target);
    const data = { addon, pin, where, target, command: `aws eks describe-addon-versions --addon-name ${addon} --kubernetes-version ${target} --query 'addons[].addonVersions[].addonVersion'` };
    if (!row) {
      ctx.report({ range, severity: 'manual', messageId: 'unknown', data });
      return;
    }
    const full = { ...data, version: row.version, asOf: row.asOf };
    const p = parts(pin)!;
    const r = parts(row.version)!;
    if (addon === 'kube-proxy') {
      const minor = minorIn(pin)!;
      const t = minorOf(target)!;
      if (minor > t) ctx.report({ range, severity: 'manual', messageId: 'tooNew', data: full });
      else if (minor < t) ctx.report({ range, messageId: 'moved', data: { ...full, why: `kube-proxy follows the control plane's minor version (EKS publishes one build line per minor)` }, fix: { range, text: row.version } });
      return;
    }
    if (cmp(p, r) >= 0) return;
    const lineBehind = p[0] < r[0] || (p[0] === r[0] && p[1] < r[1]);
    if (lineBehind || mode === 'latest-known') {
      ctx.report({ range, messageId: 'moved', data: { ...full, why: lineBehind ? `${target} comes with the ${row.version.replace(/\.\d+-.*$/, '')} line` : 'the newest build the table knows' }, fix: { range, text: row.version } });
    } else {
      ctx.report({ range, severity: 'warning', messageId: 'older', data: full });
    }
  };

  /** The cluster this file's pins belong to is known to be older than target−1: the hops come first. */
  const behind = (v: ResolvedVersion) => {
    // the version it runs: EKS auto-upgraded one written below the oldest it still runs on --today
    const runs = v.value !== undefined && ctx.options.today ? effectiveVersion(v.value, ctx.options.today) : undefined;
    return knownOlderThan(runs ? { ...v, value: runs } : v, prev);
  };

  /**
   * The configuration graph's answer: every literal an add-on of a cluster (of any root and environment) takes its
   * pin from, moved when every cluster that reads it goes to the target; a literal shared with a cluster that stays
   * gets a finding naming both. A locals map that mirrors a moved default moves with it.
   */
  const fromGraph = async (): Promise<Set<number>> => {
    const estate = await ctx.versions.estate();
    const file = ctx.file.absPath;
    const readings: Reading[] = [];
    for (const c of estate.clustersReading(file)) for (const a of c.addons) readings.push(...readingsOf(c, a.version, { addon: a }));
    const decided = new Set<number>();
    const mirrored = new Map<string, { site: Site; addon: string; pin: string; of: string }>();
    for (const { site, readings: rs } of bySite(readings).values()) {
      const pin = scalarText(rs[0].alt.val);
      if (pin === undefined || !parts(pin)) continue;
      const names = [...new Set(rs.map((r) => r.addon!.addon))];
      const addon = addonOf(...names) ?? names[0];
      const moving = rs.filter((r) => (versionAfter(r.cluster, target, ctx.options.today) ?? target) === target);
      if (moving.length === rs.length) for (const m of mirrorsOf(estate, site, pin)) mirrored.set(siteKey(m), { site: m, addon, pin, of: placeName(estate, site) });
      if (site.file !== file) continue;
      const range = await ctx.graphRange(site.range);
      if (!range) continue; // an earlier pass of this run edited it
      decided.add(range[0]);
      const where = `${placeName(estate, site)} (${names.join(', ')})`;
      if (!moving.length) continue;
      if (moving.length < rs.length) {
        const staying = rs.filter((r) => !moving.includes(r));
        ctx.report({ range, severity: 'manual', messageId: 'shared', data: { where, pin, target, moving: readersText(moving), staying: readersText(staying) } });
        continue;
      }
      if (addonOf(addon)) check(range, addonOf(addon)!, pin, where);
      else ctx.report({ range, severity: 'warning', messageId: 'checkOther', data: { where, pin, target, readers: readersText(rs), command: `aws eks describe-addon-versions --addon-name ${addon} --kubernetes-version ${target} --query 'addons[].addonVersions[].addonVersion'` } });
    }
    for (const m of mirrored.values()) {
      if (m.site.file !== file || !addonOf(m.addon)) continue;
      const range = await ctx.graphRange(m.site.range);
      if (!range || decided.has(range[0])) continue;
      decided.add(range[0]);
      check(range, addonOf(m.addon)!, m.pin, `${placeName(estate, m.site)} (kept in step with ${m.of})`);
    }
    return decided;
  };

  const hcl = async (root: HclNode) => {
    if (mode === 'off') return;
    const decided = await fromGraph();
    if (behind(await ctx.versionAt(0))) return;
    const text = ctx.file.text;
    for (const k of hclKeyedValues(root, text, /^addon_version$|^(eks_)?(addon_)?(kube[_-]?proxy|coredns)[\w-]*version$/i)) {
      if (decided.has(k.range[0])) continue;
      const addon = k.key === 'addon_version' ? addonOf(k.beside('addon_name'), k.holderKey) : addonOf(k.key);
      if (addon) check(k.range, addon, k.value, k.key === 'addon_version' ? `${k.holderKey ?? k.beside('addon_name') ?? addon} addon_version` : k.key);
    }
  };

  const yaml = (docs: readonly Document.Parsed[]) => {
    if (mode === 'off') return;
    for (const doc of docs) {
      if (!isClusterConfig(doc) || behind(eksctlClusterVersion(doc, ctx.file.text))) continue;
      // eksctl addons: [{ name: kube-proxy, version: v1.29.0-eksbuild.1 }]
      for (const k of yamlKeyedValues([doc], ctx.file.text, /^version$/)) {
        if (k.holderKey !== 'addons') continue;
        const addon = addonOf(k.beside('name'));
        if (addon) check(k.range, addon, k.value, `addons[${k.beside('name')}].version`);
      }
    }
  };

  return { hcl, yaml };
}

const rule: RuleModule = {
  meta: {
    id: 'addon-versions',
    title: 'Move pinned add-on versions (kube-proxy, CoreDNS) with the cluster',
    description:
      'Moves kube-proxy and CoreDNS pins (terraform-aws-eks cluster_addons / addons, aws_eks_addon, eksctl addons, Terragrunt inputs) ' +
      'to the build the dated table data/eks-addons.json lists for the target; --addons off|compatible|latest-known.',
    version: '1.27',
    fixable: true,
    runsAfter: ['cluster-version'],
    docs: 'transforms/addon-versions/README.md',
    triggers: { hcl: ['eksbuild'], yaml: ['eksbuild'] },
    kinds: ['hcl', 'yaml'],
    messages: {
      moved: '{{where}} {{pin}} → {{version}}: {{why}}; {{version}} is the newest {{addon}} build for {{target}} in eks-migrate\'s table of {{asOf}}; check for a newer one with `{{command}}`',
      older: '{{where}} {{pin}} is older than {{version}}, the newest {{addon}} build for {{target}} in eks-migrate\'s table of {{asOf}}; it still works with {{target}} (--addons latest-known moves it); check with `{{command}}`',
      tooNew: '{{where}} {{pin}} is newer than the control plane at {{target}}: kube-proxy must not be newer than the API server; use {{version}} (table of {{asOf}}) or check with `{{command}}`',
      unknown: '{{where}} {{pin}}: eks-migrate\'s table has no {{addon}} build for {{target}}; pick one with `{{command}}`',
      shared: '{{where}} {{pin}} is read by {{moving}}, which go to {{target}}, and by {{staying}}, which stay: eks-migrate leaves it as it is. Give each cluster its own pin (a variable per cluster) and move the one that goes to {{target}}',
      checkOther: '{{where}} {{pin}} is pinned for {{readers}}: eks-migrate\'s table has no builds of this add-on; check that it supports {{target}} with `{{command}}` before the upgrade',
    },
  },
  create,
};

export default rule;
