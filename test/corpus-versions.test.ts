/**
 * The version rules over the shared corpus at later targets (the upgrade-commit and version-pack issues): outputs
 * parse and add no eksctl schema error, a second run makes no edit, and (version rules at 1.30) no edit touches
 * anything but a version string. Prints the figures per rule.
 */
import * as fs from 'fs';
import { schemaErrors } from '../src/eks/eksctl';
import type { RunOptions } from '../src/eks/context';
import { parseYaml } from '../src/parsers/yaml';
import { copyCorpus, CORPUS, HAVE_CORPUS, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

type Run = Awaited<ReturnType<typeof runOn>>;

/** A suite over a copy of the corpus: `rules` (all when undefined) with `options`, the first run given to `body`. */
function corpusSuite(name: string, rules: string[] | undefined, options: RunOptions, body: (first: () => Run) => void): void {
  describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`${name} (${CORPUS})`, () => {
    let dir: string;
    let first: Run;
    beforeAll(async () => {
      dir = tempDir('eksm-corpus-versions-');
      copyCorpus(dir);
      first = await runOn(dir, rules, { options });
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    body(() => first);
    test('no file fails to parse or read, and a second run makes no edit', async () => {
      expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
      const second = await runOn(dir, rules, { options });
      expect(second.results.filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
    });
  });
}

/** What is wrong with the rewritten files: they do not parse, or add an eksctl schema error. */
async function outputProblems(first: Run): Promise<string[]> {
  const problems: string[] = [];
  for (const r of first.results.filter((x) => x.output !== x.original)) {
    const p = await parseProblem(r.absPath);
    if (p) problems.push(`${r.path}: ${p}`);
    const was = schemaErrors(parseYaml(r.original).docs);
    for (const e of schemaErrors(parseYaml(r.output).docs)) if (!was.has(e)) problems.push(`${r.path}: schema: ${e}`);
  }
  return problems;
}

const VERSION_RULES = ['cluster-version', 'addon-versions', 'node-ami-version', 'cluster-autoscaler'];

corpusSuite('corpus, version rules at 1.30', VERSION_RULES, { target: '1.30', seccompDefault: true, today: '2026-11-28' }, (first) => {
  test('outputs parse, add no schema error, and change only version strings', async () => {
    const run = first();
    const problems = await outputProblems(run);
    for (const r of run.results) for (const f of r.findings) for (const e of f.edits ?? []) {
      if (!/^"?v?1\.\d+(\.\d+(-eksbuild\.\d+)?)?"?$|^, "1\.\d+"$/.test(e.text)) problems.push(`${r.path}: an edit that is not a version: ${JSON.stringify(e.text)}`);
    }
    const all = run.results.flatMap((x) => x.findings);
    const byRule = (sev: string) => VERSION_RULES.map((id) => `${id} ${all.filter((f) => f.ruleId === id && f.severity === sev).length}`).join(', ');
    console.log(`corpus (version rules, --target 1.30): ${run.results.filter((x) => x.output !== x.original).length} files changed; edits: ${byRule('fix')}; manual: ${byRule('manual')}; outputs that fail to parse: ${problems.length}`);
    expect(problems).toEqual([]);
  });
});

corpusSuite('corpus, every rule at --target 1.36', undefined, { target: '1.36', seccompDefault: true, today: '2026-11-30' }, (first) => {
  test('outputs parse and add no schema error; figures per rule', async () => {
    const run = first();
    const problems = await outputProblems(run);
    const all = run.results.flatMap((x) => x.findings);
    const ids = [...new Set(all.map((f) => f.ruleId))].sort();
    const per = (sev: string) => ids.map((id) => [id, all.filter((f) => f.ruleId === id && f.severity === sev).length] as const).filter(([, n]) => n).map(([id, n]) => `${id} ${n}`).join(', ');
    console.log(`corpus (every rule, --target 1.36): ${run.results.filter((x) => x.output !== x.original).length} files changed; edits: ${per('fix')}; manual: ${per('manual')}; warnings: ${per('warning')}; outputs that fail to parse: ${problems.length}`);
    expect(problems).toEqual([]);
  });
});
