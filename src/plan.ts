/**
 * `eks-migrate plan`: for each cluster, where it is defined and where its version is written, the version written and
 * the one it runs, its support status on the run's date (with the dates and the price of a cluster-hour), and the
 * hops to the target; per hop, what blocks it or needs a person (AL2 node groups, removed APIs, removed kubelet flags
 * and feature gates, manual findings) and what eks-migrate changes (add-on pins, versions). Made from the journey's
 * dry run: nothing is written.
 */
import { compareVersions, PRICING } from './eks/versions';
import { type ReportedFinding, reportedFindings } from './report/model';
import type { Plan, PlanCluster, PlanHop, PlanItem } from './report/plan';
import type { RunRequest } from './run';
import { journey, type Journey, type JourneyStep } from './series';

const AT = (f: ReportedFinding) => `${f.file}:${f.start.line}`;

function classify(f: ReportedFinding): PlanItem | undefined {
  const what = f.message.replace(/\s+/g, ' ');
  const needs: PlanItem['needs'] = f.status === 'manual' ? 'person' : 'edit';
  if (f.status === 'advisory' || f.status === 'skipped') return undefined;
  if (f.ruleId === 'al2023-nodes' || f.messageId === 'heldForAl2') return { kind: 'al2-node-groups', what, at: AT(f), needs };
  if (f.ruleId === 'removed-apis') return { kind: 'removed-api', what, at: AT(f), needs };
  if (/^kubelet-/.test(f.ruleId) || f.ruleId === 'container-runtime-flag') return { kind: 'kubelet', what, at: AT(f), needs };
  if (f.ruleId === 'addon-versions' || f.ruleId === 'cluster-autoscaler') return { kind: 'addon', what, at: AT(f), needs };
  if (f.ruleId === 'cluster-version' || f.ruleId === 'node-ami-version') return { kind: 'version', what, at: AT(f), needs };
  return { kind: 'other', what, at: AT(f), needs };
}

function hopOf(j: Journey, hop: string): PlanHop {
  const steps = j.steps.filter((s) => s.target === hop);
  const items = steps.flatMap((s: JourneyStep) => reportedFindings(s.result).map(classify).filter((x): x is PlanItem => !!x));
  return {
    hop, steps: steps.map((s) => ({ step: s.n, title: s.title, then: s.then })),
    blockers: items.filter((x) => x.needs === 'person'),
    changes: items.filter((x) => x.needs === 'edit'),
  };
}

export async function plan(req: RunRequest, to: string): Promise<Plan> {
  const j = await journey({ ...req, mode: 'dry-run', patchSeries: true }, to);
  const today = req.options.today;
  const clusters = j.clusters.map((c): PlanCluster => {
    const status = c.support?.status;
    const price = status === 'extended' ? PRICING.extendedPerClusterHour : status === 'standard' ? PRICING.standardPerClusterHour : undefined;
    return {
      name: c.name, what: c.what, ...(c.environment ? { environment: c.environment } : {}), written: c.written, effective: c.effective, target: c.target,
      ...(c.support ? { support: c.support } : {}), definedAt: `${c.file}:${c.line}`, ...(c.versionFile ? { versionAt: `${c.versionFile}:${c.versionLine}` } : {}),
      ...(price !== undefined ? { pricePerClusterHour: { value: price, currency: PRICING.currency, status: status!, source: PRICING.source } } : {}),
      hops: j.hops.filter((h) => (compareVersions(h, c.effective) ?? 1) > 0),
    };
  });
  return {
    today, target: j.to, from: j.from, hops: j.hops, clusters, perHop: j.hops.map((h) => hopOf(j, h)),
    pricing: { standard: PRICING.standardPerClusterHour, extended: PRICING.extendedPerClusterHour, currency: PRICING.currency, source: PRICING.source, asOf: PRICING.asOf },
  };
}
