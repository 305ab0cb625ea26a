/**
 * Kubernetes minor versions as EKS uses them ("1.27"), and the EKS release calendar (data/eks-versions.json, copied
 * from the Amazon EKS user guide's release calendar; each entry names its source).
 */
import calendar from '../../data/eks-versions.json';
import pricing from '../../data/eks-pricing.json';

export interface EksRelease {
  readonly version: string;
  readonly eksRelease: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
  readonly source: string;
  /** When the row was read from its source (rows added since the calendar first shipped say so). */
  readonly asOf?: string;
}

export const RELEASES: readonly EksRelease[] = calendar as EksRelease[];

/** The date of eks-migrate's release data: the newest as-of date of the calendar. */
export const RELEASE_DATA_AS_OF: string = RELEASES.map((r) => r.asOf ?? r.eksRelease).sort().reverse()[0];

/**
 * A note when the release data is more than six months older than `today`: newer versions, support dates and builds
 * may exist that eks-migrate does not know.
 */
export function staleDataNote(today: string): string | undefined {
  const t = Date.parse(today);
  const d = Date.parse(RELEASE_DATA_AS_OF);
  if (!Number.isFinite(t) || !Number.isFinite(d) || t - d <= 183 * 24 * 3600 * 1000) return undefined;
  return `eks-migrate's release data is from ${RELEASE_DATA_AS_OF}; a newer eks-migrate may know more (Kubernetes versions, support dates, add-on builds).`;
}

/** "1.27" → 27; anything that is not 1.N → undefined. */
export function minorOf(v: string | undefined): number | undefined {
  const m = /^\s*v?1\.(\d{1,3})(?:\.\d+)?\s*$/.exec(v ?? '');
  return m ? Number(m[1]) : undefined;
}

export const versionOfMinor = (minor: number): string => `1.${minor}`;

/** a < b, a = b, a > b as -1, 0, 1; undefined when either is not a version. */
export function compareVersions(a: string | undefined, b: string | undefined): number | undefined {
  const x = minorOf(a);
  const y = minorOf(b);
  if (x === undefined || y === undefined) return undefined;
  return Math.sign(x - y);
}

/** Every version from `from` (exclusive) to `to` (inclusive): hops("1.25", "1.27") = ["1.26", "1.27"]. */
export function hops(from: string, to: string): string[] {
  const a = minorOf(from);
  const b = minorOf(to);
  if (a === undefined || b === undefined) return [];
  const out: string[] = [];
  for (let m = a + 1; m <= b; m++) out.push(versionOfMinor(m));
  return out;
}

export function releaseOf(version: string): EksRelease | undefined {
  const m = minorOf(version);
  return RELEASES.find((r) => minorOf(r.version) === m);
}

/** Support status of a version on `today` (YYYY-MM-DD), from the calendar. */
export function supportStatus(version: string, today: string):
  | { status: 'standard' | 'extended' | 'unsupported'; release: EksRelease }
  | undefined {
  const r = releaseOf(version);
  if (!r) return undefined;
  if (today > r.endOfExtendedSupport) return { status: 'unsupported', release: r };
  if (today > r.endOfStandardSupport) return { status: 'extended', release: r };
  return { status: 'standard', release: r };
}

/**
 * What `today` means to supportStatus, as one value: the calendar dates it is past. Two days with the same value give
 * every support status alike (the result cache keys on this, so a cache from yesterday still holds).
 */
export function calendarEpoch(today: string): string {
  const dates = RELEASES.flatMap((r) => [r.endOfStandardSupport, r.endOfExtendedSupport]);
  return `${dates.filter((d) => today > d).length}/${dates.length}`;
}

/** The price of a cluster-hour by support status (data/eks-pricing.json, with its source). */
export const PRICING: { readonly standardPerClusterHour: number; readonly extendedPerClusterHour: number; readonly currency: string; readonly source: string; readonly asOf: string } = pricing;

/**
 * The oldest version EKS still runs on `today`: a cluster whose version left extended support was auto-upgraded to
 * it (the oldest version still in extended or standard support).
 */
export function oldestRunning(today: string): string {
  const r = RELEASES.find((x) => today <= x.endOfExtendedSupport);
  return r ? r.version : RELEASES[RELEASES.length - 1].version;
}

/** The newest version the calendar knows. */
export const newestKnown = (): string => RELEASES[RELEASES.length - 1].version;

/**
 * The version a cluster runs on `today`: the version written in its files, raised to the oldest version EKS still
 * runs (EKS auto-upgraded a control plane whose version left extended support).
 */
export function effectiveVersion(written: string | undefined, today: string): string | undefined {
  if (minorOf(written) === undefined) return undefined;
  const floor = oldestRunning(today);
  return (compareVersions(written, floor) ?? 0) < 0 ? floor : versionOfMinor(minorOf(written)!);
}

/** One minor above `v`, or `v` when it is the newest the calendar knows. */
export function nextOf(v: string): string {
  const n = versionOfMinor(minorOf(v)! + 1);
  return releaseOf(n) ? n : v;
}
