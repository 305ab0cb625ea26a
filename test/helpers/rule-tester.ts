/**
 * RuleTester (ESLint's shape), in memory: no folder is made and no file is read. Each case is a file's `code` with a
 * `filename` (its kind comes from the name) and, where a rule reads its neighbours (a Terraform folder's variables,
 * a template's module), the other `files` of its folder. Every case checks:
 * - the output byte for byte (`output`; a valid case, or `output: null`, changes nothing);
 * - that the output re-parses with the reference parsers (HashiCorp's HCL parser, `yaml`, eksctl's schema);
 * - that a second pass over the output changes nothing (and, for a valid case, reports nothing new);
 * - that the findings are exactly those listed in `errors` (rule, message id or text, line, column, severity):
 *   a finding not listed fails the case, and so does a listed one that is missing.
 */
import * as path from 'path';
import { ClusterVersions, memoryReader } from '../../src/eks/cluster-version';
import { eksHost, type RuleModule, type RunOptions } from '../../src/eks/context';
import { processFile, verify, type FileResult } from '../../src/engine/process';
import type { Finding, Severity } from '../../src/engine/types';
import { kindOf } from '../../src/files/discover';

/** A folder no real path can be: the files of a case live under it. */
const ROOT = path.join(path.sep, 'eks-migrate-rule-tester');

export interface ExpectedError {
  /** The rule's meta.messages id … */
  readonly messageId?: string;
  /** … or the message text (either, or both). */
  readonly message?: string | RegExp;
  readonly line?: number;
  readonly column?: number;
  readonly severity?: Severity;
  /** Another rule of the case's `rules` (default: the rule under test). */
  readonly ruleId?: string;
}

export interface ValidCase {
  readonly name?: string;
  readonly code: string;
  readonly filename: string;
  /** The other files of the folder, by name relative to the case's file's folder. */
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: Partial<RunOptions>;
}

export interface InvalidCase extends ValidCase {
  /** The expected text after the rule's fixes; null: no change. */
  readonly output: string | null;
  readonly errors: readonly ExpectedError[] | number;
}

export interface RunCases {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

/** One pass of `rules` over one file held in memory, with its folder's other files. */
export async function runInMemory(
  rules: readonly RuleModule[], filename: string, code: string, files: Readonly<Record<string, string>> = {}, options: Partial<RunOptions> = {},
): Promise<FileResult> {
  const abs = path.join(ROOT, filename);
  const held = new Map<string, string>([[abs, code]]);
  for (const [name, text] of Object.entries(files)) held.set(path.join(path.dirname(abs), name), text);
  const opts: RunOptions = { target: '1.27', seccompDefault: true, today: RuleTester.today, ...options };
  const host = eksHost(opts, new ClusterVersions(memoryReader(held)), new Set(rules.map((r) => r.meta.id)));
  return processFile({ path: filename, absPath: abs, text: code, kind: kindOf(filename) }, rules, host);
}

const where = (f: Finding) => `${f.start.line}:${f.start.column} ${f.severity} ${f.ruleId}${f.messageId ? `/${f.messageId}` : ''}: ${f.message}`;

function matches(f: Finding, e: ExpectedError, ruleId: string): boolean {
  if (f.ruleId !== (e.ruleId ?? ruleId)) return false;
  if (e.messageId !== undefined && f.messageId !== e.messageId) return false;
  if (e.message !== undefined && !(typeof e.message === 'string' ? f.message === e.message : e.message.test(f.message))) return false;
  if (e.line !== undefined && f.start.line !== e.line) return false;
  if (e.column !== undefined && f.start.column !== e.column) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  return true;
}

/** What is wrong with a result against a case, as a list of sentences (empty: it holds). */
export async function problemsOf(rule: RuleModule, c: InvalidCase, others: readonly RuleModule[] = []): Promise<string[]> {
  const rules = [rule, ...others];
  const out: string[] = [];
  const r = await runInMemory(rules, c.filename, c.code, c.files, c.options);
  const bad = r.diagnostics.filter((d) => d.code !== 'template');
  for (const d of bad) out.push(`${d.code}: ${d.message}`);
  const expected = c.output ?? c.code;
  if (r.output !== expected) out.push(`output differs:\n--- expected\n${expected}\n--- got\n${r.output}`);
  // the output re-parses (processFile refuses a rewrite that does not; checked here too)
  if (r.output !== c.code) {
    const why = await verify({ path: c.filename, absPath: path.join(ROOT, c.filename), text: c.code, kind: kindOf(c.filename) }, r.output);
    if (why) out.push(`the output does not re-parse: ${why}`);
  }
  // exactly the findings listed
  const findings = r.findings.filter((f) => !f.suppressed);
  if (typeof c.errors === 'number') {
    if (findings.length !== c.errors) out.push(`${findings.length} findings instead of ${c.errors}:\n  ${findings.map(where).join('\n  ')}`);
  } else {
    const left = [...findings];
    for (const e of c.errors) {
      const k = left.findIndex((f) => matches(f, e, rule.meta.id));
      if (k < 0) out.push(`no finding ${JSON.stringify(e)}`);
      else left.splice(k, 1);
    }
    for (const f of left) out.push(`a finding not listed: ${where(f)}`);
  }
  // a second pass changes nothing
  if (r.output !== c.code) {
    const again = await runInMemory(rules, c.filename, r.output, c.files, c.options);
    if (again.output !== r.output) out.push(`a second pass changes the output again:\n${again.output}`);
  }
  return out;
}

type Describe = (name: string, fn: () => void) => void;
type It = (name: string, fn: () => Promise<void>) => void;

export class RuleTester {
  /** The date the support calendar is read against. */
  static today = '2026-11-28';
  /** Test registration (jest's globals by default, as ESLint's RuleTester.describe / it). */
  static describe: Describe = (name, fn) => (globalThis as unknown as { describe: Describe }).describe(name, fn);
  static it: It = (name, fn) => (globalThis as unknown as { it: It }).it(name, fn);

  constructor(private readonly defaults: { readonly options?: Partial<RunOptions>; readonly rules?: readonly RuleModule[] } = {}) {}

  /** Registers one test per case: `valid` cases change and report nothing; `invalid` ones give `output` and `errors`. */
  run(name: string, rule: RuleModule, cases: RunCases): void {
    const others = this.defaults.rules ?? [];
    const withDefaults = <T extends ValidCase>(c: T): T => ({ ...c, options: { ...this.defaults.options, ...c.options } });
    RuleTester.describe(name, () => {
      RuleTester.describe('valid', () => {
        for (const c of cases.valid) {
          RuleTester.it(c.name ?? `${c.filename}: ${c.code.slice(0, 60)}`, async () => {
            const problems = await problemsOf(rule, withDefaults({ ...c, output: null, errors: [] }), others);
            if (problems.length) throw new Error(problems.join('\n'));
          });
        }
      });
      RuleTester.describe('invalid', () => {
        for (const c of cases.invalid) {
          RuleTester.it(c.name ?? `${c.filename}: ${c.code.slice(0, 60)}`, async () => {
            if (typeof c.errors !== 'number' && !c.errors.length) throw new Error('an invalid case lists at least one error');
            const problems = await problemsOf(rule, withDefaults(c), others);
            if (problems.length) throw new Error(problems.join('\n'));
          });
        }
      });
    });
  }
}
