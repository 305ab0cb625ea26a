/**
 * The human report: diffs (dry-run), one line per finding as `path:line:column: kind [rule] message`, problems
 * with files, and a summary.
 */
import type { RunResult } from '../run';
import type { Diagnostic, Finding } from '../engine/types';

const LABEL: Record<Finding['severity'], string> = { fix: 'fix', manual: 'manual', warning: 'warning', info: 'info' };

export const findingLine = (f: Finding): string => `${f.file}:${f.start.line}:${f.start.column}: ${LABEL[f.severity]} [${f.ruleId}] ${f.message}`;

export const diagnosticLine = (d: Diagnostic): string =>
  `${d.file}${d.start ? `:${d.start.line}:${d.start.column}` : ''}: ${d.code === 'template' ? 'note' : 'error'}: ${d.code === 'parse-error' ? 'does not parse: ' : ''}${d.message}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TextReport {
  readonly stdout: string;
  readonly stderr: string;
}

export function textReport(r: RunResult): TextReport {
  const out: string[] = [];
  const err: string[] = [];
  if (r.mode === 'dry-run') {
    if (r.patch) out.push(r.patch.trimEnd());
  }
  const findings = r.results.flatMap((x) => [...x.findings].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]));
  for (const f of findings) out.push(findingLine(f));
  for (const d of r.diagnostics) err.push(diagnosticLine(d));

  const changed = r.results.filter((x) => x.output !== x.original);
  const edits = changed.reduce((n, x) => n + x.findings.filter((f) => f.severity === 'fix').length, 0);
  const manual = findings.filter((f) => f.severity === 'manual').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const broken = new Set(r.diagnostics.filter((d) => isInputProblem(d)).map((d) => d.file)).size;
  const refused = r.diagnostics.filter((d) => d.code === 'rewrite-refused' || d.code === 'not-converged').length;

  const verb = r.mode === 'apply' ? 'changed' : 'to change';
  const parts = [
    `${plural(r.mode === 'apply' ? r.written.length : changed.length, 'file')} ${verb} (${plural(edits, 'edit')})`,
    `${plural(manual, 'finding')} ${manual === 1 ? 'needs' : 'need'} manual work`,
  ];
  if (warnings) parts.push(plural(warnings, 'warning'));
  parts.push(`${plural(broken, 'file')} could not be parsed or read`);
  if (refused) parts.push(`${plural(refused, 'rewrite')} refused`);
  const tail =
    r.mode === 'dry-run' ? 'dry run: nothing was written'
      : r.mode === 'check' ? 'check: nothing was written'
        : r.mode === 'patch' ? 'patch mode: no file in the tree was touched'
          : '';
  out.push('');
  if (r.rules.some((x) => x.meta.id === 'kubelet-seccomp-default')) {
    const n = findings.filter((f) => f.ruleId === 'kubelet-seccomp-default' && f.severity === 'fix').length;
    if (!n) out.push('Note: kubelet-seccomp-default is on (--no-seccomp-default turns it off); nothing here turns seccomp defaulting on.');
    else out.push(
      `Note: kubelet-seccomp-default is on: ${plural(n, 'place')} ${r.mode === 'apply' ? (n === 1 ? 'now turns' : 'now turn') : 'would turn'} kubelet's seccomp default on, ` +
        'so every container without a seccomp profile runs with RuntimeDefault. Workloads that need syscalls RuntimeDefault blocks ' +
        '(some debuggers, tracers, older runtimes) can fail: test them first, or run with --no-seccomp-default to leave it off.',
    );
  }
  out.push(`eks-migrate: ${parts.join(', ')}; ${plural(r.scanned, 'file')} scanned with ${r.rules.map((x) => x.meta.id).join(', ') || 'no rules'}${tail ? ` (${tail})` : ''}.`);
  return { stdout: out.join('\n') + '\n', stderr: err.length ? err.join('\n') + '\n' : '' };
}

/** Problems with the input itself (exit 4). */
export const isInputProblem = (d: Diagnostic): boolean =>
  d.code === 'parse-error' || d.code === 'unreadable' || d.code === 'not-text' || d.code === 'too-large' || d.code === 'write-failed';

/**
 * Exit codes (as pluto and kubent users expect): 0 nothing left to do; 1 usage or internal error; 2 edits pending
 * (--check, --dry-run, --patch); 3 findings need manual work; 4 some files could not be parsed. The highest wins.
 */
export function exitCode(r: RunResult): number {
  let code = 0;
  const pending = r.results.some((x) => x.output !== x.original);
  if (pending && r.mode !== 'apply') code = Math.max(code, 2);
  if (r.diagnostics.some((d) => d.code === 'internal')) code = Math.max(code, 1);
  const manual = r.results.some((x) => x.findings.some((f) => f.severity === 'manual'));
  if (manual || r.diagnostics.some((d) => d.code === 'rewrite-refused' || d.code === 'not-converged')) code = Math.max(code, 3);
  if (r.diagnostics.some(isInputProblem)) code = Math.max(code, 4);
  return code;
}
