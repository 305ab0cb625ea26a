/**
 * A journey's dry run (several hops, each a step): text and JSON. Renders what it is given.
 */
import { VERSION } from '../version';
import { JSON_REPORT_VERSION, jsonReport } from './json';
import { type ReportInput } from './model';
import { exitCode, textReport } from './text';

export interface JourneyReport {
  readonly from: string;
  readonly to: string;
  readonly hops: readonly string[];
  readonly steps: ReadonlyArray<{ readonly n: number; readonly kind: string; readonly target: string; readonly title: string; readonly then: string; readonly result: ReportInput }>;
}

/** One line: 1.32 → 1.33 → 1.34 (4 steps). */
export const route = (j: JourneyReport): string => `${[j.from, ...j.hops].join(' → ')} (${j.steps.length} step${j.steps.length === 1 ? '' : 's'})`;

export function journeyText(j: JourneyReport, opts: { quiet?: boolean; verbose?: boolean; color?: boolean; notes?: readonly string[] } = {}): { stdout: string; stderr: string } {
  const out: string[] = [`eks-migrate journey ${route(j)}`];
  j.steps.forEach((s, i) => out.push(`  ${s.n}. ${s.title}`, ...(i < j.steps.length - 1 ? [`     then: ${s.then}`] : [])));
  out.push('');
  let stderr = '';
  for (const s of j.steps) {
    out.push(`== step ${s.n} of ${j.steps.length}: ${s.title}`);
    const t = textReport(s.result, { ...opts, notes: s.n === 1 ? opts.notes : [] });
    out.push(t.stdout.replace(/\n$/, ''), '');
    stderr += t.stderr;
  }
  out.push(`eks-migrate journey ${route(j)}: nothing was written. One hop per change: \`eks-migrate --target ${j.hops[0] ?? j.to}\` (or no --target: each cluster's next version) makes the first in place; \`--patch-series DIR\` writes every step as a patch for \`git am\`.`);
  return { stdout: `${out.join('\n')}\n`, stderr };
}

/**
 * The JSON report of a dry run whose target is several hops away: the run at the target itself (as a run to one
 * version reports it, so tools reading findings see what they always saw), with the journey beside it: its hops and
 * steps, each with its totals and findings.
 */
export function journeyJson(j: JourneyReport, atTarget: ReportInput): string {
  const base = JSON.parse(jsonReport(atTarget)) as Record<string, unknown>;
  const steps = j.steps.map((s) => ({ step: s.n, kind: s.kind, target: s.target, title: s.title, then: s.then, report: JSON.parse(jsonReport(s.result)) as { findings: unknown[]; totals: unknown } }));
  return JSON.stringify({ ...base, journey: { from: j.from, to: j.to, hops: j.hops, steps: steps.map(({ report, ...s }) => ({ ...s, totals: report.totals, findings: report.findings })) } }, null, 2) + '\n';
}

export function journeyStepsJson(j: JourneyReport): string {
  const steps = j.steps.map((s) => ({ step: s.n, kind: s.kind, target: s.target, title: s.title, then: s.then, report: JSON.parse(jsonReport(s.result)) as { findings: unknown[]; errors: unknown[]; totals: unknown } }));
  return JSON.stringify(
    {
      version: JSON_REPORT_VERSION,
      tool: { name: 'eks-migrate', version: VERSION },
      target: j.to,
      mode: 'dry-run',
      journey: { from: j.from, to: j.to, hops: j.hops, steps: steps.map(({ report, ...s }) => ({ ...s, totals: report.totals })) },
      findings: steps.flatMap((s) => (s.report.findings as Array<Record<string, unknown>>).map((f) => ({ ...f, step: s.step, hop: s.target }))),
      errors: steps.flatMap((s) => s.report.errors),
    },
    null,
    2,
  ) + '\n';
}

/** The highest exit code of the steps. */
export const journeyExit = (j: JourneyReport): number => Math.max(0, ...j.steps.map((s) => exitCode(s.result)));
