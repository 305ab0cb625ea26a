/**
 * The journey to a version several minors away: the hops in order, each made by running the rules for that hop on the
 * tree as the steps before it leave it (in memory: nothing is written). Where AL2 node groups remain, their move to
 * AL2023 is a step of its own before the hop to 1.33, and so is the deletion of the drained AL2 groups. A dry run
 * shows the steps; `--patch-series DIR` writes one patch per step for `git am`.
 */
import { AL2_CLEANUP, RULES } from '../transforms';
import { LAST_AL2_MINOR } from './eks/al2';
import { compareVersions, hops, minorOf, nextOf, oldestRunning, versionOfMinor } from './eks/versions';
import { type ClusterReport, run, type RunRequest, type RunResult, scanTree, stand } from './run';

export interface JourneyStep {
  /** 1-based. */
  readonly n: number;
  readonly kind: 'al2023' | 'al2-removal' | 'hop';
  /** The version the step prepares (1.33 for the AL2023 steps). */
  readonly target: string;
  /** One line: the commit subject. */
  readonly title: string;
  /** What to do once the step is applied, before the next one. */
  readonly then: string;
  /** The step's run (its patch is from the tree as the steps before it leave it). */
  readonly result: RunResult;
}

export interface Journey {
  /** The lowest version a cluster of the paths runs (where the hops start). */
  readonly from: string;
  readonly to: string;
  readonly hops: readonly string[];
  readonly steps: readonly JourneyStep[];
  /** Where the clusters of the paths stand. */
  readonly clusters: readonly ClusterReport[];
}

/** The run without its own patch's churn: every changed file's new text, by absolute path. */
function outputsOf(r: RunResult): Map<string, string> {
  return new Map(r.results.filter((x) => x.output !== x.original).map((x) => [x.absPath, x.output]));
}

/** AL2 node groups the al2023-nodes step names (an entry, a resource, an eksctl group), for a commit message. */
function al2Groups(r: RunResult): string[] {
  const out = new Set<string>();
  for (const f of r.results.flatMap((x) => x.findings)) {
    if (f.ruleId !== 'al2023-nodes') continue;
    const m = /(?:node group|^)\s*([\w.-]+\.[\w-]+|\w+\[[\w-]+\])\s+(?:stays|runs AL2)/.exec(f.message) ?? /^([\w.-]+) runs AL2/.exec(f.message);
    if (m) out.add(m[1].replace(/^.*\./, ''));
  }
  return [...out];
}

/**
 * The steps from where the clusters of the paths stand to `to`. `req.options.target` is ignored (each step has its
 * own); the mode of every step is a dry run.
 */
export async function journey(req: RunRequest & { readonly patchSeries?: boolean }, to: string): Promise<Journey> {
  // the tree is listed and read once: each step reads again only the files that hold a trigger string
  const scan = scanTree(req);
  const base: RunRequest = { ...req, mode: 'dry-run', cacheDir: undefined, onProgress: undefined, scan };
  const clusters = await stand(req, scan);
  const from = startOf(clusters, req.options.today);
  to ||= nextOf(from);
  const route = hops(from, to);
  // a dry run shows a journey only where a cluster of the paths is more than one hop away
  if ((route.length <= 1 || !clusters.length) && !req.patchSeries) return { from, to, hops: route, steps: [], clusters };
  const overlay = new Map<string, string>();
  const steps: JourneyStep[] = [];
  const step = async (kind: JourneyStep['kind'], target: string, r: RunResult, title: string, then: string) => {
    const outs = outputsOf(r);
    if (kind !== 'hop' && !outs.size) return;
    for (const [f, t] of outs) overlay.set(f, t);
    steps.push({ n: steps.length + 1, kind, target, title, then, result: r });
  };
  for (const h of route) {
    if (minorOf(h) === LAST_AL2_MINOR + 1) {
      // AL2 node groups first: AL2023 groups beside them, then (once drained) the AL2 ones deleted
      const al2023 = RULES.filter((r) => r.meta.id === 'al2023-nodes');
      const move = await run({ ...base, overlay: new Map(overlay), ruleModules: al2023, options: { ...req.options, target: h } });
      const groups = al2Groups(move);
      const names = groups.length ? groups.join(', ') : 'the AL2 node groups';
      await step('al2023', h, move, `Move AL2 node groups to AL2023 before Kubernetes ${h}`,
        `Apply this change and let the AL2023 node groups join; then cordon and drain ${names} (kubectl cordon, kubectl drain) before the next commit, which deletes ${groups.length > 1 ? 'them' : 'it'}.`);
      if (steps[steps.length - 1]?.kind === 'al2023') {
        const removal = await run({ ...base, overlay: new Map(overlay), ruleModules: [AL2_CLEANUP], options: { ...req.options, target: h } });
        await step('al2-removal', h, removal, `Delete the drained AL2 node groups (${names})`,
          `Apply this change once ${names} ${groups.length > 1 ? 'are' : 'is'} drained; then the next commit moves the cluster past ${versionOfMinor(LAST_AL2_MINOR)}.`);
      }
    }
    const r = await run({ ...base, overlay: new Map(overlay), options: { ...req.options, target: h } });
    await step('hop', h, r, `Upgrade to Kubernetes ${h}`,
      `Apply this change: the control plane first, then let the add-ons and node groups roll to ${h}; once every node runs ${h}, apply the next commit.`);
  }
  return { from, to, hops: route, steps, clusters };
}

/** Where a journey starts: the lowest version a cluster of the paths runs (one above it is the first hop). */
export function startOf(clusters: readonly ClusterReport[], today: string): string {
  const effective = clusters.map((c) => c.effective).filter((v): v is string => !!v);
  return effective.sort((a, b) => compareVersions(a, b) ?? 0)[0] ?? oldestRunning(today);
}

/** A file name for a step's patch: 0001-upgrade-to-kubernetes-1-33.patch. */
export const stepFile = (s: JourneyStep): string =>
  `${String(s.n).padStart(4, '0')}-${s.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}.patch`;

