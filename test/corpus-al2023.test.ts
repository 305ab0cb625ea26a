/**
 * al2023-nodes over the shared corpus at 1.33: outputs parse and add no schema error, every NodeConfig written
 * validates against nodeadm's CRD, a second run makes no edit. Prints node groups converted and manual findings by
 * cause.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { schemaErrors } from '../src/eks/eksctl';
import { nodeConfigProblems } from '../src/eks/nodeadm';
import { parseYaml } from '../src/parsers/yaml';
import { copyCorpus, CORPUS, HAVE_CORPUS, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

/** The NodeConfig documents in a text (YAML blocks, heredocs, MIME parts), ${…} replaced by placeholders. */
function nodeConfigsIn(text: string): unknown[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*apiVersion: node\.eks\.aws\/v1alpha1\s*$/.test(lines[i])) continue;
    const indent = /^\s*/.exec(lines[i])![0].length;
    const block: string[] = [];
    for (let j = i; j < lines.length; j++) {
      const l = lines[j];
      if (j > i && l.trim() !== '' && (/^\s*(--|EOT)/.test(l) || /^\s*/.exec(l)![0].length < indent)) break;
      block.push(l.slice(indent));
    }
    const doc = parseAllDocuments(block.join('\n').replace(/\$\{[^}]*\}/g, 'PLACEHOLDER'))[0];
    out.push(doc && !('errors' in doc && doc.errors.length) ? doc.toJS() : { unparsed: block.join('\n') });
  }
  return out;
}

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`al2023-nodes on the corpus at 1.33 (${CORPUS})`, () => {
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;
  const options = { target: '1.33', seccompDefault: true, today: '2026-11-30' };
  beforeAll(async () => {
    dir = tempDir('eksm-corpus-al2023-');
    copyCorpus(dir);
    first = await runOn(dir, ['al2023-nodes', 'cluster-version'], { options });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('outputs parse, add no schema error; every NodeConfig written validates; figures', async () => {
    const problems: string[] = [];
    let validated = 0;
    for (const r of first.results.filter((x) => x.output !== x.original)) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
      const was = schemaErrors(parseYaml(r.original).docs);
      for (const e of schemaErrors(parseYaml(r.output).docs)) if (!was.has(e)) problems.push(`${r.path}: schema: ${e}`);
      const before = nodeConfigsIn(r.original).length;
      const after = nodeConfigsIn(r.output);
      for (const nc of after.slice(0)) {
        const pr = nodeConfigProblems(nc);
        if (pr.length) problems.push(`${r.path}: NodeConfig: ${pr.join('; ')}`);
      }
      validated += after.length - before;
    }
    const all = first.results.flatMap((x) => x.findings).filter((f) => f.ruleId === 'al2023-nodes');
    const count = (sev: string) => {
      const m = new Map<string, number>();
      for (const f of all.filter((x) => x.severity === sev)) m.set(f.messageId ?? '?', (m.get(f.messageId ?? '?') ?? 0) + 1);
      return [...m].sort().map(([k, v]) => `${k} ${v}`).join(', ');
    };
    const held = first.results.flatMap((x) => x.findings).filter((f) => f.messageId === 'heldForAl2').length;
    console.log(`corpus (al2023-nodes, --target 1.33): ${first.results.filter((x) => x.output !== x.original).length} files changed; conversions: ${count('fix')}; manual: ${count('manual')}; warnings: ${count('warning')}; versions held at 1.32: ${held}; NodeConfigs written and validated: ${validated}; outputs that fail to parse: ${problems.length}`);
    expect(problems).toEqual([]);
    expect(all.filter((f) => f.severity === 'fix').length).toBeGreaterThan(0);
  });

  test('no file fails to parse or read, and a second run makes no edit', async () => {
    expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
    const second = await runOn(dir, ['al2023-nodes', 'cluster-version'], { options });
    expect(second.results.filter((r) => r.output !== r.original).map((r) => r.path)).toEqual([]);
  });
});
