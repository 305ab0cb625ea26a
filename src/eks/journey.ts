/**
 * Where each cluster stands and where it goes next (issue: the next hop by default). A cluster's effective version
 * is the version written in its files, raised to the oldest version EKS still runs on the run's date (EKS
 * auto-upgraded a control plane whose version left extended support). `next` sends each cluster one minor above its
 * effective version; `latest` to the newest version the calendar knows; `1.NN` to that version. A file takes the
 * target of the clusters that read it (the lowest, when several do); a file no cluster reads takes the highest
 * target of the run's clusters, or, with no cluster at all, one minor above the oldest version EKS runs.
 */
import type { Site } from '../graph/values';
import type { Cluster, Estate } from './estate';
import { namedVersion } from './version-surface';
import { compareVersions, effectiveVersion, minorOf, newestKnown, nextOf, oldestRunning, supportStatus, versionOfMinor } from './versions';

export type TargetWord = 'next' | 'latest';

export interface ClusterStand {
  /** The cluster's name where the files say it, else its address. */
  readonly name: string;
  /** `aws_eks_cluster.this`, `module "eks"`, `ClusterConfig` (eksctl). */
  readonly what: string;
  /** Where it is defined (the block, or the eksctl document). */
  readonly at: Site;
  /** Where its version is written (the literal), when one literal decides it. */
  readonly versionAt?: Site;
  readonly root?: string;
  readonly environment?: string;
  /** The version its files say, when they say one. */
  readonly written?: string;
  /** The version it runs on the run's date. */
  readonly effective?: string;
  /** The version this run takes it to. */
  readonly target: string;
  /** `standard`, `extended` or `auto-upgraded` on the run's date (with the dates), when the version is known. */
  readonly support?: { readonly status: 'standard' | 'extended' | 'auto-upgraded'; readonly endOfStandardSupport: string; readonly endOfExtendedSupport: string; readonly autoUpgradedOn?: string };
}

/** The one version a cluster's files write (the lowest of its alternatives, when they differ), if any. */
export function writtenVersion(c: Cluster): { version?: string; site?: Site } {
  const known = c.version.flatMap((a) => {
    const v = a.val.kind === 'string' ? a.val.value : a.val.kind === 'number' ? a.val.raw : undefined;
    return minorOf(v) !== undefined ? [{ version: versionOfMinor(minorOf(v)!), site: a.val.kind === 'string' || a.val.kind === 'number' ? a.val.site : undefined }] : [];
  });
  if (!known.length || known.length !== c.version.length) return {};
  return known.sort((a, b) => compareVersions(a.version, b.version) ?? 0)[0];
}

function support(version: string | undefined, today: string): ClusterStand['support'] {
  if (!version) return undefined;
  const s = supportStatus(version, today);
  if (!s) return undefined;
  const r = s.release;
  return {
    status: s.status === 'unsupported' ? 'auto-upgraded' : s.status, endOfStandardSupport: r.endOfStandardSupport, endOfExtendedSupport: r.endOfExtendedSupport,
    ...(s.status === 'unsupported' ? { autoUpgradedOn: r.endOfExtendedSupport } : {}),
  };
}

/** The target a word or a version names for a cluster at `effective`. */
export function targetFor(want: string, effective: string | undefined, today: string): string {
  if (want === 'latest') return newestKnown();
  if (want === 'next') return nextOf(effective ?? oldestRunning(today));
  return want;
}

export interface TargetPlan {
  /** The version the run takes a file to. */
  targetOf(file: string): string;
  /** The target of a file no cluster reads. */
  readonly fallback: string;
  /** Why the fallback is what it is (no cluster in the paths). */
  readonly fallbackWhy?: string;
  readonly clusters: readonly ClusterStand[];
}

/**
 * Each cluster of the paths with its stand and target: the configuration graph's clusters (Terraform, Terragrunt) and
 * eksctl ClusterConfig documents. `clusterFiles`: the files that define clusters (so only the roots that read them are
 * evaluated); `eksctl`: the YAML texts that hold a ClusterConfig.
 */
export function planTargets(
  estate: Estate, want: string, today: string, clusterFiles: readonly string[], eksctl: ReadonlyArray<{ file: string; text: string }>,
): TargetPlan {
  const stands: ClusterStand[] = [];
  const byFile = new Map<string, string[]>();
  const seen = new Set<Cluster>();
  for (const f of clusterFiles) {
    for (const c of estate.clustersReading(f)) {
      if (seen.has(c)) continue;
      seen.add(c);
      const w = writtenVersion(c);
      const effective = effectiveVersion(w.version, today);
      stands.push({
        name: c.name ?? c.address, what: c.what, at: c.at, versionAt: w.site, root: c.root.unit ?? c.root.dir,
        environment: c.env.name === 'default' || c.env.name === 'terragrunt' ? undefined : c.env.name,
        written: w.version, effective, target: targetFor(want, effective, today), support: support(w.version, today),
      });
    }
  }
  for (const e of eksctl) {
    for (const d of eksctlClusters(e.text)) {
      const written = minorOf(d.version) !== undefined ? versionOfMinor(minorOf(d.version)!) : undefined;
      const effective = effectiveVersion(written, today);
      const t = targetFor(want, effective, today);
      stands.push({ name: d.name ?? 'ClusterConfig', what: 'ClusterConfig', at: { file: e.file, range: [d.start, d.end] }, written, effective, target: t, support: support(written, today) });
      byFile.set(e.file, [...(byFile.get(e.file) ?? []), t]);
    }
  }
  // in the order of their files, whichever of its files a run happened to read first
  stands.sort((a, b) => cmp(a.at.file, b.at.file) || a.at.range[0] - b.at.range[0] || cmp(a.root ?? '', b.root ?? '') || cmp(a.environment ?? '', b.environment ?? ''));
  const targets = stands.map((s) => s.target);
  const highest = targets.sort((a, b) => compareVersions(a, b) ?? 0)[targets.length - 1];
  const fallback = want === 'next' || want === 'latest' ? highest ?? targetFor(want, undefined, today) : want;
  const fallbackWhy = !stands.length && want === 'next' ? `no cluster in these paths: one minor above ${oldestRunning(today)}, the oldest version EKS runs on ${today}` : undefined;
  const lowest = (ts: readonly string[]) => [...ts].sort((a, b) => compareVersions(a, b) ?? 0)[0];
  const memo = new Map<string, string>();
  return {
    fallback, fallbackWhy, clusters: stands,
    targetOf(file) {
      if (want !== 'next' && want !== 'latest') return want;
      let t = memo.get(file);
      if (t) return t;
      const own = byFile.get(file);
      // a .tfvars file is read by the clusters of its own environment only
      const readers = own ?? estate.clustersReading(file).filter((c) => !/\.tfvars(\.json)?$/.test(file) || c.env.files.includes(file)).map((c) => {
        const st = stands.find((s) => s.at.file === c.at.file && s.at.range[0] === c.at.range[0] && (s.environment ?? 'default') === (c.env.name === 'terragrunt' ? 'default' : c.env.name));
        return st?.target ?? targetFor(want, effectiveVersion(writtenVersion(c).version, today), today);
      });
      // a .tfvars or Terragrunt file no cluster of the graph reads, that writes one version under a version name
      // (a unit of a module outside the paths): a cluster of its own
      const named = !readers.length && /\.(tfvars|hcl)$/.test(file) ? namedVersion(estate.graph.project.text(file) ?? '') : undefined;
      t = readers.length ? lowest(readers) : named ? targetFor(want, effectiveVersion(named, today), today) : fallback;
      memo.set(file, t);
      return t;
    },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export { newestKnown, oldestRunning };

/**
 * The eksctl ClusterConfig documents of a YAML text, read for their name and version only (a plan needs no tree):
 * `kind: ClusterConfig` at the top level, `metadata:` with `name:` and `version:` under it.
 */
export function eksctlClusters(text: string): Array<{ name?: string; version?: string; start: number; end: number }> {
  const out: Array<{ name?: string; version?: string; start: number; end: number }> = [];
  const marks = [0, ...[...text.matchAll(/^---[ \t]*(?:#.*)?$/gm)].map((m) => (m.index ?? 0) + m[0].length), text.length];
  for (let i = 0; i + 1 < marks.length; i++) {
    const doc = text.slice(marks[i], marks[i + 1]);
    if (!/^kind:[ \t]*["']?ClusterConfig["']?[ \t]*(?:#.*)?$/m.test(doc)) continue;
    const meta = /^metadata:[ \t]*\r?\n((?:[ \t]+.*(?:\r?\n|$)|[ \t]*\r?\n)*)/m.exec(doc)?.[1] ?? '';
    const field = (k: string) => new RegExp(`^[ \\t]+${k}:[ \\t]*["']?([^"'#\\s]+)`, 'm').exec(meta)?.[1];
    out.push({ name: field('name'), version: field('version'), start: marks[i], end: marks[i + 1] });
  }
  return out;
}
