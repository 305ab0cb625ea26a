/**
 * The version rules over the shared corpus at a later target (the upgrade-commit issue): every version rule, --target
 * 1.30 on the corpus's date: outputs parse and add no eksctl schema error, a second run makes no edit, and no edit
 * touches anything but a version string. Prints the figures per rule.
 */
import * as fs from 'fs';
import { schemaErrors } from '../src/eks/eksctl';
import { parseYaml } from '../src/parsers/yaml';
import { copyCorpus, CORPUS, HAVE_CORPUS, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

const RULES = ['cluster-version', 'addon-versions', 'node-ami-version', 'cluster-autoscaler'];
const OPTIONS = { target: '1.30', seccompDefault: true, today: '2026-11-28' };

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`corpus, version rules at 1.30 (${CORPUS})`, () => {
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;

  beforeAll(async () => {
    dir = tempDir('eksm-corpus-versions-');
    copyCorpus(dir);
    first = await runOn(dir, RULES, { options: OPTIONS });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('outputs parse, add no schema error, and change only version strings', async () => {
    const problems: string[] = [];
    for (const r of first.results.filter((x) => x.output !== x.original)) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
      const was = schemaErrors(parseYaml(r.original).docs);
      for (const e of schemaErrors(parseYaml(r.output).docs)) if (!was.has(e)) problems.push(`${r.path}: schema: ${e}`);
      for (const f of r.findings) for (const e of f.edits ?? []) {
        if (!/^"?v?1\.\d+(\.\d+(-eksbuild\.\d+)?)?"?$|^, "1\.\d+"$/.test(e.text)) problems.push(`${r.path}: an edit that is not a version: ${JSON.stringify(e.text)}`);
      }
    }
    const fixes = first.results.flatMap((x) => x.findings).filter((f) => f.severity === 'fix');
    const manual = first.results.flatMap((x) => x.findings).filter((f) => f.severity === 'manual');
    const byRule = (list: typeof fixes) => RULES.map((id) => `${id} ${list.filter((f) => f.ruleId === id).length}`).join(', ');
    console.log(`corpus (version rules, --target 1.30): ${first.results.filter((x) => x.output !== x.original).length} files changed, ${fixes.length} edits (${byRule(fixes)}); manual findings: ${manual.length} (${byRule(manual)}); outputs that fail to parse: ${problems.filter((p) => !p.includes('schema:') && !p.includes('not a version')).length}`);
    expect(problems).toEqual([]);
    expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
  });

  test('a second run makes no edit', async () => {
    const second = await runOn(dir, RULES, { options: OPTIONS });
    expect(second.results.filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
  });
});

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`corpus, every rule at --target 1.36 (${CORPUS})`, () => {
  const options = { target: '1.36', seccompDefault: true, today: '2026-11-30' };
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;

  beforeAll(async () => {
    dir = tempDir('eksm-corpus-136-');
    copyCorpus(dir);
    first = await runOn(dir, undefined, { options });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('outputs parse and add no schema error; figures per rule', async () => {
    const problems: string[] = [];
    for (const r of first.results.filter((x) => x.output !== x.original)) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
      const was = schemaErrors(parseYaml(r.original).docs);
      for (const e of schemaErrors(parseYaml(r.output).docs)) if (!was.has(e)) problems.push(`${r.path}: schema: ${e}`);
    }
    const all = first.results.flatMap((x) => x.findings);
    const ids = [...new Set(all.map((f) => f.ruleId))].sort();
    const per = (sev: string) => ids.map((id) => [id, all.filter((f) => f.ruleId === id && f.severity === sev).length] as const).filter(([, n]) => n).map(([id, n]) => `${id} ${n}`).join(', ');
    console.log(`corpus (every rule, --target 1.36): ${first.results.filter((x) => x.output !== x.original).length} files changed; edits: ${per('fix')}; manual: ${per('manual')}; warnings: ${per('warning')}; outputs that fail to parse: ${problems.length}`);
    expect(problems).toEqual([]);
    expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
  });

  test('a second run makes no edit', async () => {
    const second = await runOn(dir, undefined, { options });
    expect(second.results.filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
  });
});
