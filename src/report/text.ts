/**
 * The human report (`--format text`, the default): unified diffs in --dry-run, then the findings grouped by file,
 * one line each as `path:line:col  status  rule-id  message`, problems with files on standard error, and a summary.
 */
import type { Diagnostic } from '../engine/types';
import { targetPhrase, isInputProblem, reportedFindings, type ReportedFinding, totals, type ReportInput } from './model';

export { isInputProblem };

export interface TextOptions {
  /** Only errors and the summary. */
  readonly quiet?: boolean;
  /** Also information findings and suppressed ones. */
  readonly verbose?: boolean;
  readonly color?: boolean;
  /** Notes the caller wants read before the summary (one line each; "Note: " is added). */
  readonly notes?: readonly string[];
}

const LABEL: Record<ReportedFinding['status'], string> = { fixed: 'fixed', fixable: 'fixable', manual: 'manual', advisory: 'warning', skipped: 'skipped' };
const COLOR: Record<string, string> = { fixed: '32', fixable: '36', manual: '33', warning: '35', info: '2', skipped: '2', error: '31', note: '2' };

const hexEscape = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
/** Control characters (a terminal escape in a message, C1 ones such as U+009B CSI too) shown as escapes, never sent to the terminal raw. */
export const printable = (s: string): string => s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, hexEscape);
/**
 * A file name on one line: every control character escaped, tab and line break too (a name holding
 * "\nprod.yaml:1:1  fixed" must not print a line of its own).
 */
export const printableName = (s: string): string => s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : hexEscape(c)));

export const findingLine = (f: ReportedFinding, color = false): string => {
  const label = f.status === 'advisory' && f.severity === 'info' ? 'info' : LABEL[f.status];
  const shown = color ? `\x1b[${COLOR[label]}m${label.padEnd(7)}\x1b[0m` : label.padEnd(7);
  return `${printableName(f.file)}:${f.start.line}:${f.start.column}  ${shown}  ${f.ruleId}  ${printable(f.message)}${f.suppressed ? ` (eks-migrate-ignore${f.suppressed.reason ? `: ${printable(f.suppressed.reason)}` : ''})` : ''}`;
};

export const diagnosticLine = (d: Diagnostic, color = false): string => {
  const kind = d.code === 'template' || d.code === 'encrypted' ? 'note' : 'error';
  return `${printableName(d.file)}${d.start ? `:${d.start.line}:${d.start.column}` : ''}: ${color ? `\x1b[${COLOR[kind]}m${kind}\x1b[0m` : kind}: ${d.code === 'parse-error' ? 'does not parse: ' : ''}${printable(d.message)}`;
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export interface TextReport {
  readonly stdout: string;
  readonly stderr: string;
}

export function textReport(r: ReportInput, opts: TextOptions = {}): TextReport {
  const out: string[] = [];
  const err: string[] = [];
  const findings = reportedFindings(r);
  if (!opts.quiet) {
    if (r.mode === 'dry-run' && r.patch) out.push(r.patch.trimEnd(), '');
    const shown = findings.filter((f) => opts.verbose || !(f.status === 'skipped' || (f.status === 'advisory' && f.severity === 'info')));
    let last: string | undefined;
    for (const f of shown) {
      if (last !== undefined && f.file !== last) out.push('');
      out.push(findingLine(f, opts.color));
      last = f.file;
    }
    if (shown.length) out.push('');
  }
  for (const d of r.diagnostics) if (!opts.quiet || (d.code !== 'template' && d.code !== 'encrypted')) err.push(diagnosticLine(d, opts.color));

  const t = totals(r, findings);
  const verb = r.mode === 'apply' ? 'changed' : 'to change';
  const parts = [
    `${plural(t.filesChanged, 'file')} ${verb} (${plural(t.edits, 'edit')})`,
    `${plural(t.manual, 'finding')} ${t.manual === 1 ? 'needs' : 'need'} manual work`,
  ];
  if (t.warnings) parts.push(plural(t.warnings, 'warning'));
  if (t.suppressed) parts.push(`${t.suppressed} suppressed`);
  parts.push(`${plural(t.filesWithErrors, 'file')} could not be parsed or read`);
  if (t.refused) parts.push(`${plural(t.refused, 'rewrite')} refused`);
  const tail =
    r.mode === 'dry-run' ? 'dry run: nothing was written'
      : r.mode === 'check' ? 'check: nothing was written'
        : r.mode === 'patch' ? 'patch mode: no file in the tree was touched'
          : '';
  if (!opts.quiet) out.push(...(opts.notes ?? []).map((n) => `Note: ${n}`));
  out.push(`eks-migrate ${targetPhrase(r)}: ${parts.join(', ')}; ${plural(r.scanned, 'file')} scanned${opts.verbose && r.cached ? ` (${r.cached} unchanged since an earlier run: from the cache)` : ''} with ${r.rules.map((x) => x.meta.id).join(', ') || 'no rules'}${tail ? ` (${tail})` : ''}.`);
  return { stdout: out.join('\n') + '\n', stderr: err.length ? err.join('\n') + '\n' : '' };
}

/**
 * Exit codes (as pluto and kubent users expect): 0 nothing left to do; 1 usage or internal error; 2 edits pending
 * (--check, --dry-run, --patch); 3 findings need manual work; 4 some files could not be parsed. The highest wins.
 */
export function exitCode(r: ReportInput): number {
  let code = 0;
  const pending = r.results.some((x) => x.output !== x.original);
  if (pending && r.mode !== 'apply') code = Math.max(code, 2);
  if (r.diagnostics.some((d) => d.code === 'internal')) code = Math.max(code, 1);
  const manual = r.results.some((x) => x.findings.some((f) => f.severity === 'manual' && !f.suppressed));
  if (manual || r.diagnostics.some((d) => d.code === 'rewrite-refused' || d.code === 'not-converged' || d.code === 'dirty')) code = Math.max(code, 3);
  if (r.diagnostics.some(isInputProblem)) code = Math.max(code, 4);
  return code;
}
