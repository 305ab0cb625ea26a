/**
 * What every reporter reads: findings with their status in this run, file problems, and totals.
 */
import type { FileResult } from '../engine/process';
import type { Diagnostic, Finding, RuleMeta } from '../engine/types';
import { LineIndex } from '../util/text';

/** What a run gives the reporters (the run's result carries all of it). */
export interface ReportInput {
  readonly mode: 'apply' | 'dry-run' | 'check' | 'patch';
  readonly options: { readonly target: string };
  readonly rules: ReadonlyArray<{ readonly meta: RuleMeta }>;
  readonly results: readonly FileResult[];
  readonly diagnostics: readonly Diagnostic[];
  readonly scanned: number;
  readonly cached: number;
  readonly written: readonly string[];
  readonly patch: string;
  /** The versions files were taken to (several when each cluster went to its own). */
  readonly targets?: readonly string[];
  /** Each cluster: where it is, the version written and the one it runs, and its target. */
  readonly clusters?: ReadonlyArray<{ readonly name: string; readonly file: string; readonly line: number; readonly written?: string; readonly effective?: string; readonly target: string; readonly environment?: string }>;
  /** The target of files no cluster reads, and why (no cluster in the paths). */
  readonly fallback?: { readonly target: string; readonly why?: string };
}

/** The run's target in one phrase: the version, or each cluster's, or why a version was picked. */
export function targetPhrase(r: ReportInput): string {
  const targets = r.targets?.length ? r.targets : [r.options.target];
  const t = targets.length > 1 ? `${targets.slice(0, -1).join(', ')} and ${targets[targets.length - 1]}` : targets[0];
  if (r.clusters?.length) {
    const each = r.clusters.slice(0, 3).map((c) => `${c.name}${c.environment ? ` (${c.environment})` : ''} ${c.effective ?? c.written ?? '?'} → ${c.target}`);
    const more = r.clusters.length > 3 ? ` and ${r.clusters.length - 3} more` : '';
    return `${t} (${r.clusters.length > 1 ? 'each cluster to its next version: ' : ''}${each.join('; ')}${more})`;
  }
  if (r.fallback?.why) return `${t} (${r.fallback.why})`;
  return t;
}

/**
 * - fixed: the edit was written;
 * - fixable: the edit is ready but this run writes nothing (--dry-run, --check, --patch);
 * - manual: a person must act;
 * - advisory: a warning or information, nothing to do for the upgrade to work;
 * - skipped: silenced by an `eks-migrate-ignore` comment.
 */
export type Status = 'fixed' | 'fixable' | 'manual' | 'advisory' | 'skipped';

export interface ReportedFinding extends Finding {
  readonly status: Status;
  readonly end: { line: number; column: number };
}

export interface Totals {
  readonly filesScanned: number;
  readonly filesChanged: number;
  readonly edits: number;
  readonly manual: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly filesWithErrors: number;
  readonly refused: number;
}

export const isInputProblem = (d: Diagnostic): boolean =>
  d.code === 'parse-error' || d.code === 'unreadable' || d.code === 'not-text' || d.code === 'too-large' || d.code === 'write-failed';

export function reportedFindings(r: ReportInput): ReportedFinding[] {
  const written = new Set(r.written);
  const out: ReportedFinding[] = [];
  for (const x of r.results) {
    const lines = new LineIndex(x.original);
    const sorted = [...x.findings].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
    for (const f of sorted) {
      const status: Status = f.suppressed
        ? 'skipped'
        : f.severity === 'fix'
          ? written.has(x.path) ? 'fixed' : 'fixable'
          : f.severity === 'manual' ? 'manual' : 'advisory';
      out.push({ ...f, status, end: lines.position(Math.max(f.range[0], f.range[1])) });
    }
  }
  return out;
}

export function totals(r: ReportInput, findings: readonly ReportedFinding[]): Totals {
  const changed = r.results.filter((x) => x.output !== x.original);
  return {
    filesScanned: r.scanned,
    filesChanged: r.mode === 'apply' ? r.written.length : changed.length,
    // in place, only what was written counts (a refused file's edits were not made)
    edits: findings.filter((f) => f.status === 'fixed' || (r.mode !== 'apply' && f.status === 'fixable')).length,
    manual: findings.filter((f) => f.status === 'manual').length,
    warnings: findings.filter((f) => f.status === 'advisory' && f.severity === 'warning').length,
    suppressed: findings.filter((f) => f.status === 'skipped').length,
    filesWithErrors: new Set(r.diagnostics.filter(isInputProblem).map((d) => d.file)).size,
    // a file left alone for its uncommitted changes is a refused rewrite too (exit 3 says so)
    refused: r.diagnostics.filter((d) => d.code === 'rewrite-refused' || d.code === 'not-converged' || d.code === 'dirty').length,
  };
}
