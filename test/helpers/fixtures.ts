/**
 * Fixture pairs next to each rule (jscodeshift's layout): `__testfixtures__/<name>.input.<ext>` and
 * `<name>.output.<ext>`, or folders `<name>/input/` and `<name>/output/` when a case needs sibling files
 * (a cluster version in another file). `<name>.findings` (required) lists the expected findings, one
 * `line:column severity rule` per line (for a folder case: `file:line:column severity rule`).
 *
 * Every case runs in memory (no folder is made): see fixtureTests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RuleModule, RunOptions } from '../../src/eks/context';
import type { FileResult } from '../../src/engine/process';
import type { Finding } from '../../src/engine/types';
import { kindOf, mayBeScript } from '../../src/files/discover';
import { run, type RunResult } from '../../src/run';
import { RULES } from '../../transforms';
import { runInMemory } from './rule-tester';

export const TODAY = '2026-11-28';

export interface Case {
  name: string;
  /** relative file name → [input bytes, expected output bytes] */
  files: Map<string, [Buffer, Buffer]>;
  findings?: string[];
  folder: boolean;
}

export function loadCases(dir: string): Case[] {
  const fx = path.join(dir, '__testfixtures__');
  if (!fs.existsSync(fx)) return [];
  const cases: Case[] = [];
  for (const entry of fs.readdirSync(fx).sort()) {
    const full = path.join(fx, entry);
    if (fs.statSync(full).isDirectory()) {
      const files = new Map<string, [Buffer, Buffer]>();
      const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(full, 'input', rel))) {
          const r = path.join(rel, e);
          if (fs.statSync(path.join(full, 'input', r)).isDirectory()) walk(r);
          else files.set(r, [fs.readFileSync(path.join(full, 'input', r)), fs.readFileSync(path.join(full, 'output', r))]);
        }
      };
      walk('');
      const fp = path.join(fx, `${entry}.findings`);
      cases.push({ name: entry, files, folder: true, findings: fs.existsSync(fp) ? readFindings(fp) : undefined });
      continue;
    }
    const m = /^(.*)\.input(\..+)$/.exec(entry);
    if (!m) continue;
    const [, name, ext] = m;
    if (cases.some((c) => c.name.startsWith(`${name}.`))) throw new Error(`two fixtures named ${name} in ${fx}: their .findings would clash`);
    const out = path.join(fx, `${name}.output${ext}`);
    const fp = path.join(fx, `${name}.findings`);
    cases.push({
      name: `${name}${ext}`,
      files: new Map([[`${name}${ext}`, [fs.readFileSync(full), fs.readFileSync(out)]]]),
      findings: fs.existsSync(fp) ? readFindings(fp) : undefined,
      folder: false,
    });
  }
  return cases;
}

const readFindings = (f: string) => fs.readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** Reported edits applied to the text they were made for, as a reader of the JSON report would apply them. */
export const applyEdits = (text: string, edits: ReadonlyArray<{ range: readonly [number, number]; text: string }>): string =>
  [...edits].sort((a, b) => b.range[0] - a.range[0]).reduce((t, e) => t.slice(0, e.range[0]) + e.text + t.slice(e.range[1]), text);

export function tempDir(prefix = 'eksm-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function runOn(dir: string, rules: string[] | undefined, extra: Partial<Parameters<typeof run>[0]> = {}): Promise<RunResult> {
  return run({
    paths: ['.'], cwd: dir, mode: 'apply', rules,
    options: { target: '1.27', seccompDefault: true, today: TODAY, ...(extra.options ?? {}) },
    ...extra,
  });
}

const findingKey = (c: Case, f: Finding) => `${c.folder ? `${f.file}:` : ''}${f.start.line}:${f.start.column} ${f.severity} ${f.ruleId}`;

/** The files of a case as the rules see them: every file a run would look at, each with the others of the case. */
async function runCase(c: Case, rules: readonly RuleModule[], texts: ReadonlyMap<string, string>, options: Partial<RunOptions>): Promise<Map<string, FileResult>> {
  const out = new Map<string, FileResult>();
  for (const [rel, text] of texts) {
    const name = rel.split(path.sep).join('/');
    if (kindOf(name) === 'text' && !mayBeScript(name)) continue; // a run never reads it
    const others: Record<string, string> = {};
    for (const [o, t] of texts) if (o !== rel) others[path.relative(path.dirname(rel), o)] = t;
    out.set(rel, await runInMemory(rules, name, text, others, options));
  }
  return out;
}

/**
 * Defines one jest test per fixture case of the rule folder `dir`, run in memory (test/helpers/rule-tester.ts): each
 * file must equal its output byte for byte (no trimming), the findings must be exactly those of `<name>.findings`
 * (which every case must have: an empty one says "none"), and a second pass must change nothing.
 */
export function fixtureTests(dir: string, ruleIds: string[], extra: { options?: Partial<RunOptions> } = {}): void {
  const cases = loadCases(dir);
  const rules = RULES.filter((r) => ruleIds.includes(r.meta.id));
  test('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
  test('names rules that exist', () => expect(rules.map((r) => r.meta.id).sort()).toEqual([...ruleIds].sort()));
  for (const c of cases) {
    test(`fixture ${c.name}`, async () => {
      const inputs = new Map([...c.files].map(([rel, [input]]) => [rel, input.toString('utf8')]));
      const first = await runCase(c, rules, inputs, extra.options ?? {});
      const results = [...first.values()];
      // no problem with any file; a Helm template gets its note (it is looked at as text)
      expect(results.flatMap((r) => r.diagnostics).filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
      for (const [rel, [input]] of c.files) {
        const isTemplate = /\.ya?ml$/.test(rel) && /\{\{/.test(input.toString('utf8'));
        const noted = !!first.get(rel)?.diagnostics.some((d) => d.code === 'template');
        expect(`${rel}: ${noted}`).toBe(`${rel}: ${isTemplate}`);
      }
      const outputs = new Map<string, string>();
      for (const [rel, [input, output]] of c.files) {
        const got = Buffer.from(first.get(rel)?.output ?? input.toString('utf8'), 'utf8');
        outputs.set(rel, got.toString('utf8'));
        // compare as text first for a readable diff, then as bytes (never trimmed)
        expect(`${rel}:\n${got.toString('utf8')}`).toEqual(`${rel}:\n${output.toString('utf8')}`);
        expect(got.equals(output)).toBe(true);
      }
      if (!c.findings) throw new Error(`${c.name}: no .findings file beside the fixture (an empty one says there are none)`);
      // every finding names its message by id (meta.messages)
      expect(results.flatMap((r) => r.findings.filter((f) => !f.messageId).map((f) => `${f.ruleId}: ${f.message}`))).toEqual([]);
      const got = results.flatMap((r) => r.findings.map((f) => findingKey(c, f))).sort();
      expect(got).toEqual([...c.findings].sort());
      const second = await runCase(c, rules, outputs, extra.options ?? {});
      expect([...second.values()].filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
    });
  }
}
