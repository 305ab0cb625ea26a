/**
 * Kubernetes manifests: documents with `apiVersion` and `kind` (items of a `List` too), and the pod templates inside
 * workload kinds (DOMAIN.md §5): Pod (`metadata`/`spec`); Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
 * ReplicationController (`spec.template`); CronJob (`spec.jobTemplate.spec.template`); PodTemplate (`template`).
 */
import type { Document } from 'yaml';
import { isMap, isSeq, scalarText, valueAt, type YAMLMap } from '../parsers/yaml';

export interface K8sObject {
  readonly map: YAMLMap;
  readonly apiVersion: string;
  readonly kind: string;
}

/** Objects with apiVersion and kind: each document, and the items of a `kind: List`. eksctl and NodeConfig are not. */
export function k8sObjects(docs: readonly Document.Parsed[]): K8sObject[] {
  const out: K8sObject[] = [];
  const visit = (n: unknown, depth: number) => {
    if (!isMap(n) || depth > 3) return;
    const apiVersion = scalarText(valueAt(n, 'apiVersion'), '');
    const kind = scalarText(valueAt(n, 'kind'), '');
    if (!apiVersion || !kind) return;
    if (/^(eksctl\.io|node\.eks\.aws)\//.test(apiVersion)) return;
    out.push({ map: n, apiVersion, kind });
    if (/List$/.test(kind)) {
      const items = valueAt(n, 'items');
      if (isSeq(items)) for (const it of items.items) visit(it, depth + 1);
    }
  };
  for (const d of docs) visit(d.contents, 0);
  return out;
}

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

export interface PodTemplate {
  /** The object that holds it (for messages). */
  readonly owner: K8sObject;
  /** Where it is, in the user's words: "spec.template", "spec.jobTemplate.spec.template". */
  readonly where: string;
  /** The template map itself (holds metadata and spec); for a Pod, the object. */
  readonly map: YAMLMap;
  readonly metadata?: YAMLMap;
  readonly spec?: YAMLMap;
}

const asMap = (n: unknown): YAMLMap | undefined => (isMap(n) ? n : undefined);

export function podTemplate(o: K8sObject): PodTemplate | undefined {
  let map: YAMLMap | undefined;
  let where: string;
  if (o.kind === 'Pod') {
    map = o.map;
    where = '';
  } else if (WORKLOADS.has(o.kind)) {
    map = asMap(valueAt(valueAt(o.map, 'spec'), 'template'));
    where = 'spec.template.';
  } else if (o.kind === 'CronJob') {
    map = asMap(valueAt(valueAt(valueAt(valueAt(o.map, 'spec'), 'jobTemplate'), 'spec'), 'template'));
    where = 'spec.jobTemplate.spec.template.';
  } else if (o.kind === 'PodTemplate') {
    map = asMap(valueAt(o.map, 'template'));
    where = 'template.';
  } else return undefined;
  if (!map) return undefined;
  return { owner: o, where, map, metadata: asMap(valueAt(map, 'metadata')), spec: asMap(valueAt(map, 'spec')) };
}

/** Containers of a pod spec by list: containers, initContainers, ephemeralContainers. */
export function containersOf(spec: YAMLMap | undefined): Array<{ list: string; map: YAMLMap; name?: string }> {
  const out: Array<{ list: string; map: YAMLMap; name?: string }> = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const seq = valueAt(spec, list);
    if (!isSeq(seq)) continue;
    for (const c of seq.items) if (isMap(c)) out.push({ list, map: c, name: scalarText(valueAt(c, 'name'), '') });
  }
  return out;
}

/** Label for messages: "Deployment web". */
export const objectLabel = (o: K8sObject): string => `${o.kind} ${scalarText(valueAt(valueAt(o.map, 'metadata'), 'name'), '') ?? ''}`.trim();
