/**
 * The JSON report (`--format json`): one versioned shape, documented in the README ("JSON report").
 */
import { LineIndex } from '../util/text';
import { isInputProblem, reportedFindings, totals, type ReportInput } from './model';
import { VERSION } from '../version';
import { newestKnown, RELEASE_DATA_AS_OF } from '../eks/versions';

export const JSON_REPORT_VERSION = 1;

export function jsonReport(r: ReportInput): string {
  const findings = reportedFindings(r);
  const texts = new Map(r.results.map((x) => [x.path, new LineIndex(x.original)]));
  return JSON.stringify(
    {
      version: JSON_REPORT_VERSION,
      tool: { name: 'eks-migrate', version: VERSION },
      // the date of the EKS release calendar the run used (versions, support dates): a newer eks-migrate may know more
      calendar: { asOf: RELEASE_DATA_AS_OF, newest: newestKnown() },
      target: r.options.target,
      ...(r.targets && (r.targets.length > 1 || r.targets[0] !== r.options.target) ? { targets: r.targets } : {}),
      ...(r.clusters ? { clusters: r.clusters } : {}),
      ...(r.fallback ? { otherFiles: { target: r.fallback.target, ...(r.fallback.why ? { why: r.fallback.why } : {}) } } : {}),
      mode: r.mode,
      rules: r.rules.map((x) => x.meta.id),
      findings: findings.map((f) => ({
        file: f.file,
        line: f.start.line,
        column: f.start.column,
        endLine: f.end.line,
        endColumn: f.end.column,
        ruleId: f.ruleId,
        ...(f.messageId ? { messageId: f.messageId } : {}),
        severity: f.severity,
        status: f.status,
        message: f.message,
        ...(f.suppressed ? { suppression: f.suppressed.reason ?? '' } : {}),
        ...(f.edits?.length
          ? {
              edits: f.edits.map((e) => {
                const li = texts.get(f.file);
                return { offset: e.range[0], length: e.range[1] - e.range[0], start: li?.position(e.range[0]), end: li?.position(e.range[1]), text: e.text };
              }),
            }
          : {}),
      })),
      errors: r.diagnostics.map((d) => ({ file: d.file, line: d.start?.line, column: d.start?.column, code: d.code, message: d.message, fatal: isInputProblem(d) })),
      totals: totals(r, findings),
    },
    null,
    2,
  ) + '\n';
}
