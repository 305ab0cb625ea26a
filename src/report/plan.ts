/**
 * `eks-migrate plan` as text, Markdown (a pull-request description or a tracking issue) and JSON. Renders what it is
 * given.
 */
import { VERSION } from '../version';

export interface PlanItem {
  /** al2-node-groups, removed-api, kubelet, addon, version, other */
  readonly kind: string;
  readonly what: string;
  /** `file:line`. */
  readonly at: string;
  /** A person must act, or eks-migrate makes the change. */
  readonly needs: 'person' | 'edit';
}

export interface PlanHop {
  readonly hop: string;
  /** The journey's steps that prepare it (an AL2023 move and the deletion of the drained AL2 groups come first). */
  readonly steps: ReadonlyArray<{ readonly step: number; readonly title: string; readonly then: string }>;
  /** What blocks the hop or needs a person. */
  readonly blockers: readonly PlanItem[];
  /** What eks-migrate changes on the way. */
  readonly changes: readonly PlanItem[];
}

export interface PlanCluster {
  readonly name: string;
  readonly what: string;
  readonly environment?: string;
  /** `file:line` where the cluster is defined, and where its version is written. */
  readonly definedAt: string;
  readonly versionAt?: string;
  readonly written?: string;
  readonly effective?: string;
  readonly target: string;
  readonly support?: { readonly status: string; readonly endOfStandardSupport: string; readonly endOfExtendedSupport: string; readonly autoUpgradedOn?: string };
  readonly pricePerClusterHour?: { readonly value: number; readonly currency: string; readonly status: string; readonly source: string };
  readonly hops: readonly string[];
}

export interface Plan {
  readonly today: string;
  readonly target: string;
  readonly from: string;
  readonly hops: readonly string[];
  readonly clusters: readonly PlanCluster[];
  readonly perHop: readonly PlanHop[];
  readonly pricing: { readonly standard: number; readonly extended: number; readonly currency: string; readonly source: string; readonly asOf: string };
}

const support = (c: PlanCluster): string => {
  const s = c.support;
  if (!s) return 'support status unknown';
  if (s.status === 'auto-upgraded') return `auto-upgraded by EKS on ${s.autoUpgradedOn} (extended support of ${c.written} ended)`;
  if (s.status === 'extended') return `extended support until ${s.endOfExtendedSupport} (standard ended ${s.endOfStandardSupport})`;
  return `standard support until ${s.endOfStandardSupport}, extended until ${s.endOfExtendedSupport}`;
};
const price = (c: PlanCluster): string => (c.pricePerClusterHour ? `${c.pricePerClusterHour.value.toFixed(2)} ${c.pricePerClusterHour.currency} per cluster-hour` : '');
const versions = (c: PlanCluster): string => `written ${c.written ?? 'unknown'}${c.effective && c.effective !== c.written ? `, runs ${c.effective}` : ''}`;
const flat = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

export function planJson(p: Plan): string {
  return `${JSON.stringify({ version: 1, tool: { name: 'eks-migrate', version: VERSION }, ...p }, null, 2)}\n`;
}

export function planText(p: Plan): string {
  const out: string[] = [`eks-migrate plan on ${p.today}: ${[p.from, ...p.hops].join(' → ')}`];
  if (!p.clusters.length) out.push('no cluster in these paths');
  for (const c of p.clusters) {
    out.push('', `cluster ${c.name}${c.environment ? ` (${c.environment})` : ''}  ${c.definedAt}${c.versionAt ? `  version at ${c.versionAt}` : ''}`);
    out.push(`  ${versions(c)}; ${support(c)}${price(c) ? `; ${price(c)}` : ''}`);
    out.push(`  hops: ${c.hops.length ? c.hops.join(' → ') : `none (already at ${c.target})`}`);
  }
  for (const h of p.perHop) {
    out.push('', `hop ${h.hop}`);
    for (const s of h.steps) out.push(`  step ${s.step}: ${s.title}`);
    for (const b of h.blockers) out.push(`  needs a person: ${b.at}  ${flat(b.what)}`);
    for (const c of h.changes) out.push(`  eks-migrate changes: ${c.at}  ${flat(c.what)}`);
  }
  out.push('', `Prices: ${p.pricing.standard.toFixed(2)} ${p.pricing.currency} (standard) and ${p.pricing.extended.toFixed(2)} ${p.pricing.currency} (extended support) per cluster-hour (${p.pricing.source}; as of ${p.pricing.asOf}).`);
  return `${out.join('\n')}\n`;
}

export function planMarkdown(p: Plan): string {
  const out: string[] = [`## EKS upgrade plan (${p.today}): ${[p.from, ...p.hops].join(' → ')}`, ''];
  if (p.clusters.length) {
    out.push('| cluster | defined at | version | support | cost | hops |', '|---|---|---|---|---|---|');
    for (const c of p.clusters) {
      out.push(`| ${flat(c.name)}${c.environment ? ` (${flat(c.environment)})` : ''} | \`${c.definedAt}\`${c.versionAt ? `, version at \`${c.versionAt}\`` : ''} | ${versions(c)} | ${flat(support(c))} | ${price(c) || '–'} | ${c.hops.length ? c.hops.join(' → ') : '–'} |`);
    }
  } else out.push('No cluster in these paths.');
  for (const h of p.perHop) {
    out.push('', `### Hop to ${h.hop}`, '');
    for (const s of h.steps) out.push(`${s.step}. ${flat(s.title)}${h.steps.length > 1 || s.then ? ` (then: ${flat(s.then)})` : ''}`);
    if (h.blockers.length) {
      out.push('', 'Needs a person:', '');
      for (const b of h.blockers) out.push(`- [ ] \`${b.at}\` ${flat(b.what)}`);
    }
    if (h.changes.length) {
      out.push('', 'eks-migrate changes:', '');
      for (const c of h.changes) out.push(`- \`${c.at}\` ${flat(c.what)}`);
    }
  }
  out.push('', `Prices per cluster-hour: ${p.pricing.standard.toFixed(2)} ${p.pricing.currency} in standard support, ${p.pricing.extended.toFixed(2)} ${p.pricing.currency} in extended support (${p.pricing.source}; as of ${p.pricing.asOf}).`);
  return `${out.join('\n')}\n`;
}
