/**
 * What `eks-migrate graph` prints: per root and environment, each cluster with its version, node groups (AMI type,
 * AMI release, AL2 signs), add-on pins and Karpenter node classes, every value with `file:line` of the literal it
 * comes from and the references it came through. Data only; src/report/graph.ts renders it.
 */
import * as path from 'path';
import type { Graph } from '../graph/graph';
import { type Alts, describeVal, type Site } from '../graph/values';
import { LineIndex } from '../util/text';
import { type Cluster, type Estate } from './estate';

export interface GraphValue {
  /** The value as written (a string without its quotes), or `unknown`. */
  readonly value: string;
  /** `file:line` of the literal it comes from. */
  readonly at?: string;
  /** `file:line` of each reference it came through, from where it is read outward. */
  readonly via: readonly string[];
  /** Conditions it holds under (a conditional's branch, a map read by an unknown key). */
  readonly when?: readonly string[];
  /** Why it is not known. */
  readonly why?: string;
}

export interface GraphNode {
  readonly kind: string;
  readonly what: string;
  readonly at: string;
  readonly amiType?: readonly GraphValue[];
  readonly release?: readonly GraphValue[];
  readonly version?: readonly GraphValue[];
  readonly al2?: ReadonlyArray<{ readonly why: string; readonly at?: string; readonly when?: readonly string[]; readonly maybe?: boolean }>;
}

export interface GraphCluster {
  readonly name?: string;
  readonly what: string;
  readonly address: string;
  readonly at: string;
  readonly version: readonly GraphValue[];
  readonly versionRead?: string;
  readonly nodeGroups: readonly GraphNode[];
  readonly addons: ReadonlyArray<{ readonly addon: string; readonly what: string; readonly at: string; readonly version: readonly GraphValue[] }>;
}

export interface GraphRoot {
  readonly root: string;
  readonly kind: 'terraform' | 'terragrunt';
  readonly environments: ReadonlyArray<{ readonly name: string; readonly files: readonly string[]; readonly clusters: readonly GraphCluster[] }>;
}

export interface GraphReport {
  readonly roots: readonly GraphRoot[];
}

export function graphReport(estate: Estate, cwd: string): GraphReport {
  const g = estate.graph;
  const lines = new Map<string, LineIndex>();
  const rel = (f: string) => path.relative(cwd, f).split(path.sep).join('/') || '.';
  const at = (s: Site | undefined): string | undefined => {
    if (!s) return undefined;
    let li = lines.get(s.file);
    if (!li) lines.set(s.file, (li = new LineIndex(g.project.text(s.file) ?? '')));
    return `${rel(s.file)}:${li.position(s.range[0]).line}`;
  };
  const values = (alts: Alts | undefined): GraphValue[] => (alts ?? []).map((a) => {
    const v = a.val;
    const value = v.kind === 'string' ? v.value : v.kind === 'number' ? v.raw : v.kind === 'unknown' ? 'unknown' : describeVal(v);
    const site = v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' || v.kind === 'null' ? v.site : undefined;
    return {
      value, ...(site ? { at: at(site) } : {}), via: a.via.map((s) => at(s)!).filter((x, i, l) => l.indexOf(x) === i),
      ...(a.when.length ? { when: a.when } : {}), ...(v.kind === 'unknown' ? { why: v.why } : {}),
    };
  });
  const cluster = (c: Cluster): GraphCluster => ({
    ...(c.name ? { name: c.name } : {}), what: c.what, address: c.address, at: at(c.at)!, version: values(c.version),
    ...(c.versionUse ? { versionRead: at(c.versionUse) } : {}),
    nodeGroups: c.nodes.map((n) => ({
      kind: n.kind, what: n.what, at: at(n.at)!,
      ...(n.amiType ? { amiType: values(n.amiType) } : {}), ...(n.release ? { release: values(n.release) } : {}), ...(n.version ? { version: values(n.version) } : {}),
      ...(n.al2.length ? { al2: n.al2.map((s) => ({ why: s.why, ...(s.site ? { at: at(s.site) } : {}), ...(s.when.length ? { when: s.when } : {}), ...(s.maybe ? { maybe: true } : {}) })) } : {}),
    })),
    addons: c.addons.map((a) => ({ addon: a.addon, what: a.what, at: at(a.at)!, version: values(a.version) })),
  });
  const roots = g.roots().map((root): GraphRoot => {
    const clusters = estate.clustersOfRoot(root);
    return {
      root: rel(root.unit ?? root.dir), kind: root.kind,
      environments: root.environments.map((env) => ({ name: env.name, files: env.files.map(rel), clusters: clusters.filter((c) => c.env === env).map(cluster) })),
    };
  });
  return { roots: roots.filter((r) => r.environments.some((e) => e.clusters.length)) };
}

export type { Graph };
