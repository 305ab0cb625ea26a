/**
 * Karpenter's EC2NodeClass (karpenter.k8s.aws/v1) against its CRD schema (data/karpenter-ec2nodeclass.crd.json, from
 * aws/karpenter-provider-aws), with the alias rules the CRD states in CEL: an alias is the only AMI selector term, and
 * amiFamily, when set, is the alias's family or Custom.
 */
import type { Document } from 'yaml';
import crd from '../../data/karpenter-ec2nodeclass.crd.json';
import { crdValidator } from './crd';

let validate: ((o: unknown) => string[]) | undefined;
const FAMILY: Readonly<Record<string, string>> = { al2: 'AL2', al2023: 'AL2023', bottlerocket: 'Bottlerocket', windows2019: 'Windows2019', windows2022: 'Windows2022', windows2025: 'Windows2025' };

/** Problems of one EC2NodeClass object ([] when valid). */
export function nodeClassProblems(o: unknown): string[] {
  validate ??= crdValidator(crd, 'v1');
  const p = validate(o);
  const spec = (o as { spec?: { amiFamily?: string; amiSelectorTerms?: Array<Record<string, unknown>> } }).spec;
  const terms = spec?.amiSelectorTerms ?? [];
  const alias = terms.find((t) => typeof t?.alias === 'string')?.alias as string | undefined;
  if (alias) {
    if (terms.length !== 1 || Object.keys(terms[0]).length !== 1) p.push('/spec/amiSelectorTerms an alias must be the only term');
    const fam = FAMILY[alias.split('@')[0]];
    if (spec?.amiFamily !== undefined && spec.amiFamily !== 'Custom' && spec.amiFamily !== fam) p.push(`/spec/amiFamily must be ${fam ?? 'the alias family'} or Custom with alias ${alias}`);
  }
  return p;
}

/** Schema problems of every karpenter.k8s.aws/v1 EC2NodeClass in a stream. */
export function nodeClassErrors(docs: readonly Document.Parsed[]): Set<string> {
  const out = new Set<string>();
  for (const d of docs) {
    const c = d.contents as { get?: (k: string) => unknown } | null;
    if (c?.get?.('kind') !== 'EC2NodeClass' || c.get('apiVersion') !== 'karpenter.k8s.aws/v1') continue;
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    for (const e of nodeClassProblems(js)) out.add(e);
  }
  return out;
}
