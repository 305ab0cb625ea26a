/**
 * Fixture pairs next to each rule (jscodeshift's layout): `__testfixtures__/<name>.input.<ext>` and
 * `<name>.output.<ext>`, or folders `<name>/input/` and `<name>/output/` when a case needs sibling files
 * (a cluster version in another file). `<name>.findings` (optional) lists the expected findings, one
 * `line:column severity rule` per line (for a folder case: `file:line:column severity rule`).
 *
 * Every case: the rules run on a copy in a temporary folder; each file must equal its output byte for byte
 * (no trimming), findings must be exactly those listed, and a second run must change nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, type RunResult } from '../../src/run';

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

const findingKey = (c: Case, f: RunResult['results'][number]['findings'][number]) =>
  `${c.folder ? `${f.file}:` : ''}${f.start.line}:${f.start.column} ${f.severity} ${f.ruleId}`;

/** Defines one jest test per fixture case of the rule folder `dir`. */
export function fixtureTests(dir: string, rules: string[], extra: Partial<Parameters<typeof run>[0]> = {}): void {
  const cases = loadCases(dir);
  test('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    test(`fixture ${c.name}`, async () => {
      const tmp = tempDir();
      try {
        for (const [rel, [input]] of c.files) {
          fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
          fs.writeFileSync(path.join(tmp, rel), input);
        }
        const first = await runOn(tmp, rules, extra);
        // no problem with any file; a Helm template gets its note (it is looked at as text)
        expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
        for (const [rel, [input]] of c.files) {
          const isTemplate = /\.ya?ml$/.test(rel) && /\{\{/.test(input.toString('utf8'));
          expect(`${rel}: ${first.diagnostics.some((d) => d.code === 'template' && d.file.endsWith(rel))}`).toBe(`${rel}: ${isTemplate}`);
        }
        for (const [rel, [, output]] of c.files) {
          const got = fs.readFileSync(path.join(tmp, rel));
          // compare as text first for a readable diff, then as bytes (never trimmed)
          expect(`${rel}:\n${got.toString('utf8')}`).toEqual(`${rel}:\n${output.toString('utf8')}`);
          expect(got.equals(output)).toBe(true);
        }
        if (c.findings) {
          const got = first.results.flatMap((r) => r.findings.map((f) => findingKey(c, f))).sort();
          expect(got).toEqual([...c.findings].sort());
        }
        const second = await runOn(tmp, rules, extra);
        expect(second.results.filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
        expect(second.written).toEqual([]);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
}
