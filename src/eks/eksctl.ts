/**
 * eksctl ClusterConfig documents (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`) and the schema check
 * every rewrite of one must pass.
 */
import { isAlias, visit, type Document } from 'yaml';
import { isMap, isScalar, isSeq, pairOf, scalarText, valueAt, type YAMLMap } from '../parsers/yaml';

export function isClusterConfig(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return isMap(c) && scalarText(valueAt(c, 'kind'), '') === 'ClusterConfig' && /^eksctl\.io\//.test(scalarText(valueAt(c, 'apiVersion'), '') ?? '');
}

export type NodeGroupKind = 'nodeGroups' | 'managedNodeGroups' | 'nodeGroupDefaults';

export interface NodeGroupEntry {
  readonly kind: NodeGroupKind;
  readonly map: YAMLMap;
  readonly name?: string;
}

/**
 * The value of `key` in a node group as eksctl reads it (YAML merge keys resolved): the group's own pair, else the
 * first `<<: *anchor` / `<<: &anchor {…}` / `<<: [*a, *b]` source that has it. `merged` says it came through `<<`.
 */
export function groupValue(doc: Document.Parsed, map: YAMLMap, key: string, seen = new Set<unknown>()): { node: unknown; merged: boolean } | undefined {
  const own = pairOf(map, key);
  if (own) return { node: isAlias(own.value) ? own.value.resolve(doc) : own.value, merged: isAlias(own.value) };
  if (seen.has(map)) return undefined;
  seen.add(map);
  for (const p of map.items) {
    if (!isScalar(p.key) || p.key.value !== '<<') continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const src of sources) {
      const m = isAlias(src) ? src.resolve(doc) : src;
      if (!isMap(m)) continue;
      const v = groupValue(doc, m, key, seen);
      if (v) return { node: v.node, merged: true };
    }
  }
  return undefined;
}

/** A node group map that holds YAML anchors, aliases or merge keys (a copy of its text would not mean the same). */
export function hasAnchors(map: YAMLMap): boolean {
  let found = false;
  visit(map, {
    Node(_, n) {
      if (isAlias(n) || ('anchor' in n && (n as { anchor?: string }).anchor)) found = true;
      return found ? visit.BREAK : undefined;
    },
    Pair(_, p) {
      if (isScalar(p.key) && p.key.value === '<<') found = true;
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

/** Every node group map of a ClusterConfig (`nodeGroups[]`, `managedNodeGroups[]`, `nodeGroupDefaults`). */
export function nodeGroups(doc: Document.Parsed): NodeGroupEntry[] {
  const out: NodeGroupEntry[] = [];
  const root = doc.contents;
  for (const kind of ['nodeGroups', 'managedNodeGroups'] as const) {
    const seq = valueAt(root, kind);
    if (!isSeq(seq)) continue;
    for (const it of seq.items) if (isMap(it)) out.push({ kind, map: it, name: scalarText(valueAt(it, 'name'), '') });
  }
  const defaults = valueAt(root, 'nodeGroupDefaults');
  if (isMap(defaults)) out.push({ kind: 'nodeGroupDefaults', map: defaults });
  return out;
}

/** `metadata.version` as written ("1.27"), and the scalar that holds it. */
export function eksctlVersion(doc: Document.Parsed, text: string): { value?: string; node?: unknown } {
  const meta = valueAt(doc.contents, 'metadata');
  const p = pairOf(meta, 'version');
  return { value: scalarText(p?.value, text), node: p?.value };
}

// ---------------------------------------------------------------------------------------------------------------
// Schema check

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let validate: Validate | undefined;

function validator(): Validate {
  if (!validate) {
    try {
      // built by scripts/build-schema.js next to the compiled sources: loads in milliseconds
      const standalone = require('../../data/eksctl-validate.js');
      validate = (standalone.default ?? standalone) as Validate;
      return validate;
    } catch {
      /* running from the sources: compile the schema */
    }
    const Ajv = require('ajv').default;
    // data/ is copied next to the compiled sources by tsc, so this path holds in src/ and in dist/
    const schema = require('../../data/eksctl-clusterconfig.schema.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    validate = ajv.compile(schema) as Validate;
  }
  return validate;
}

/** Schema errors of each ClusterConfig document, as "path message" strings. */
export function schemaErrors(docs: readonly Document.Parsed[]): Set<string> {
  const out = new Set<string>();
  for (const d of docs) {
    if (!isClusterConfig(d)) continue;
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    const v = validator();
    if (!v(js)) for (const e of v.errors ?? []) out.add(`${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }
  return out;
}
