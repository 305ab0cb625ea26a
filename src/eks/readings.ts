/**
 * Who reads a literal: the clusters (and their node groups, add-ons) of every root and environment whose value comes
 * from it. A rule decides per literal from all its readings: an edit only where every reader wants the same new
 * value; otherwise a finding that names the readers (fan-out).
 */
import * as path from 'path';
import { describePlace } from '../graph/project';
import type { Alt, Alts, Site } from '../graph/values';
import { LAST_AL2_MINOR } from './al2';
import { type AddonPin, al2Signs, type Al2Sign, type Cluster, type Estate, type NodeDef } from './estate';
import { compareVersions, effectiveVersion, minorOf, oldestRunning } from './versions';

export interface Reading {
  readonly cluster: Cluster;
  readonly alt: Alt;
  readonly node?: NodeDef;
  readonly addon?: AddonPin;
}

export interface SiteReadings {
  readonly site: Site;
  readonly readings: Reading[];
}

export const siteKey = (s: Site): string => `${s.file}\0${s.range[0]}\0${s.range[1]}`;

/** Readings grouped by the literal they come from (alternatives without a literal are left out). */
export function bySite(list: readonly Reading[]): Map<string, SiteReadings> {
  const out = new Map<string, SiteReadings>();
  for (const r of list) {
    const s = r.alt.val.kind === 'string' || r.alt.val.kind === 'number' ? r.alt.val.site : undefined;
    if (!s) continue;
    const k = siteKey(s);
    const e = out.get(k);
    if (e) e.readings.push(r);
    else out.set(k, { site: s, readings: [r] });
  }
  return out;
}

/** Readings of alternatives. */
export const readingsOf = (cluster: Cluster, alts: Alts | undefined, extra: Partial<Reading> = {}): Reading[] => (alts ?? []).map((alt) => ({ cluster, alt, ...extra }));

/** The AL2 node definitions that hold a cluster at 1.32 when the upgrade goes past it ([] at 1.32 or older). */
export function holding(cluster: Cluster, target: string, mode?: 'blue-green' | 'in-place'): Al2Sign[] {
  if ((minorOf(target) ?? 0) <= LAST_AL2_MINOR) return [];
  const env = cluster.env.name === 'default' || cluster.env.name === 'terragrunt' ? '' : ` in ${cluster.env.name}`;
  return al2Signs(cluster, mode).map((s) => (env ? { ...s, why: `${s.why}${env}` } : s));
}

/** A cluster in the user's words: its name, where it is, and its environment. */
export function clusterLabel(c: Cluster): string {
  const where = c.address;
  const env = c.env.name === 'default' || c.env.name === 'terragrunt' ? '' : `, ${c.env.name}`;
  const root = path.basename(c.root.dir);
  return `${c.name ?? where} (${c.name ? `${where}, ` : ''}${root}/${env})`;
}

/** The readers of a literal in the user's words, each once. */
export function readersText(readings: readonly Reading[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of readings) {
    // a node group that reads the same literal as its own cluster is named by the cluster
    if (r.node && readings.some((x) => !x.node && !x.addon && x.cluster === r.cluster)) continue;
    const t = `${r.addon ? `${r.addon.what} of ` : r.node ? `${r.node.what} of ` : ''}${clusterLabel(r.cluster)}${r.alt.when.length ? ` when ${r.alt.when.join(' and ')}` : ''}`;
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out.length <= 4 ? out.join('; ') : `${out.slice(0, 4).join('; ')} and ${out.length - 4} more`;
}

/** What holds a literal, in the user's words (`variable "x" default`, `k8s_release`, `local.m["k"]`). */
export function placeName(estate: Estate, s: Site): string {
  const p = estate.graph.project.parsed(s.file);
  const d = p ? describePlace(p.ast, s.range) : undefined;
  return d ?? path.basename(s.file);
}

/**
 * Copies of a literal kept in step by hand: in the folder of a variable's default (or a local), an object element
 * or attribute named like the variable whose literal is the same text (a `locals` map that mirrors the defaults).
 */
export function mirrorsOf(estate: Estate, s: Site, value: string): Site[] {
  const p = estate.graph.project.parsed(s.file);
  if (!p || !s.file.endsWith('.tf')) return [];
  const name = describePlace(p.ast, s.range);
  const m = /^variable "([\w-]+)" default$|^local\.([\w-]+)$/.exec(name ?? '');
  const key = m?.[1] ?? m?.[2];
  if (!key) return [];
  const out: Site[] = [];
  const dir = path.dirname(s.file);
  for (const f of estate.graph.project.tfFiles(dir)) {
    const q = estate.graph.project.parsed(f);
    if (!q) continue;
    const re = new RegExp(`(^|[\\s{,])"?${key.replace(/[-]/g, '\\-')}"?\\s*=\\s*"${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g');
    for (const hit of q.text.matchAll(re)) {
      const start = (hit.index ?? 0) + hit[0].lastIndexOf('"' + value) + 1;
      const range: [number, number] = [start, start + value.length];
      if (f === s.file && range[0] === s.range[0]) continue;
      const where = describePlace(q.ast, range);
      // an entry of a map or object (not another variable's default, not a use)
      if (!where || /^variable /.test(where) || !/\./.test(where)) continue;
      out.push({ file: f, range });
    }
  }
  return out;
}

/**
 * The version a cluster runs once this run's edits are applied: target−1 moves to the target unless AL2 nodes hold
 * it; others stay. Undefined when its version is not known (or differs between alternatives).
 */
export function versionAfter(cluster: Cluster, target: string, today?: string): string | undefined {
  const prev = `1.${(minorOf(target) ?? 1) - 1}`;
  const held = holding(cluster, target).length > 0;
  const after = new Set(cluster.version.map((a) => {
    const v = a.val.kind === 'string' ? a.val.value : a.val.kind === 'number' ? a.val.raw : undefined;
    if (minorOf(v) === undefined) return undefined;
    // the version it runs: EKS auto-upgraded one whose version left extended support
    const floor = today && (compareVersions(target, oldestRunning(today)) ?? 0) > 0;
    const norm = (floor ? effectiveVersion(v, today) : undefined) ?? `1.${minorOf(v)}`;
    return norm === prev && !held ? target : norm;
  }));
  return after.size === 1 ? [...after][0] : undefined;
}
