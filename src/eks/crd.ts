/**
 * Validation against a Kubernetes CustomResourceDefinition's OpenAPI v3 schema (nodeadm's NodeConfig, Karpenter's
 * EC2NodeClass, shipped in data/). The schema is read as JSON Schema: `x-kubernetes-*` keys are read for what they
 * mean (int-or-string takes both; preserve-unknown-fields takes any value), and an object with declared properties
 * takes no other keys (the API server and nodeadm would drop them without a word). CEL rules are not checked here.
 */
import type AjvType from 'ajv';

type Schema = Record<string, unknown>;

function toJsonSchema(s: unknown, mapValue = false): unknown {
  if (Array.isArray(s)) return s.map((x) => toJsonSchema(x));
  if (!s || typeof s !== 'object') return s;
  const src = s as Schema;
  const o: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-') || k === 'default' || k === 'description') continue;
    if (k === 'properties') o.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, toJsonSchema(ps)]));
    else if (k === 'additionalProperties') o.additionalProperties = typeof v === 'object' ? toJsonSchema(v, true) : v;
    else if (k === 'items' || k === 'not') o[k] = toJsonSchema(v);
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') o[k] = (v as unknown[]).map((x) => toJsonSchema(x));
    else o[k] = v;
  }
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserve && mapValue) delete o.type;
  if (src['x-kubernetes-int-or-string']) {
    delete o.type;
    o.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (o.properties && o.additionalProperties === undefined && !preserve) o.additionalProperties = false;
  return o;
}

/** A validator for one version of a CRD (its problems as "path message" strings; [] when valid). */
export function crdValidator(crd: unknown, version: string): (o: unknown) => string[] {
  const versions = (crd as { spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: unknown } }> } }).spec.versions;
  const v = versions.find((x) => x.name === version) ?? versions[0];
  // loaded on first use: most runs validate no NodeConfig or node class
  const Ajv = (require('ajv') as { default: typeof AjvType }).default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const check = ajv.compile(toJsonSchema(v.schema.openAPIV3Schema) as Schema);
  return (o) => (check(o) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${(e.params as { additionalProperty?: string })?.additionalProperty ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''}`));
}
