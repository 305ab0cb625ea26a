/**
 * `eks-migrate graph` as text: per root and environment, each cluster with its version and where it is written,
 * node groups, add-ons; every value with `file:line`. Renders what it is given.
 */
import type { GraphReport, GraphValue } from '../eks/graph-report';

const val = (v: GraphValue): string =>
  `${v.value === 'unknown' ? `unknown (${v.why ?? '?'})` : v.value}${v.at ? `  ${v.at}` : ''}${v.when?.length ? `  when ${v.when.join(' and ')}` : ''}${v.via.length ? `  (via ${v.via.join(' ← ')})` : ''}`;

export function graphText(r: GraphReport): string {
  const out: string[] = [];
  if (!r.roots.length) return 'no EKS cluster found in the Terraform or Terragrunt files of these paths\n';
  for (const root of r.roots) {
    out.push(`${root.root} (${root.kind === 'terragrunt' ? 'Terragrunt unit' : 'Terraform root'})`);
    for (const env of root.environments) {
      if (!env.clusters.length) continue;
      out.push(`  environment ${env.name}${env.files.length ? `: ${env.files.join(', ')}` : ''}`);
      for (const c of env.clusters) {
        out.push(`    cluster ${c.name ?? c.address}  ${c.address}  ${c.at}`);
        for (const v of c.version.length ? c.version : [{ value: 'unknown', why: 'no version written: EKS picks its default', via: [] }]) out.push(`      version ${val(v)}`);
        for (const n of c.nodeGroups) {
          out.push(`      ${n.kind} ${n.what}  ${n.at}`);
          for (const v of n.amiType ?? []) out.push(`        ami_type ${val(v)}`);
          for (const v of n.release ?? []) out.push(`        release ${val(v)}`);
          for (const v of n.version ?? []) out.push(`        version ${val(v)}`);
          for (const s of n.al2 ?? []) out.push(`        ${s.maybe ? 'maybe AL2' : 'AL2'}: ${s.why}${s.at ? `  ${s.at}` : ''}${s.when?.length ? `  when ${s.when.join(' and ')}` : ''}`);
        }
        for (const a of c.addons) for (const v of a.version) out.push(`      add-on ${a.addon} ${val(v)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
