/** eks-migrate as a library: run() does what the command line does and returns data. */
export { run, selectRules, type RunRequest, type RunResult, type Mode } from './run';
export { main } from './cli';
export { RULES } from '../transforms';
export type { RuleModule, RuleContext, RunOptions } from './eks/context';
export type { SourceFile } from './engine/rule';
export type { Edit, Finding, Diagnostic, RuleMeta, Severity } from './engine/types';
export { jsonReport, JSON_REPORT_VERSION } from './report/json';
export { sarifReport } from './report/sarif';
