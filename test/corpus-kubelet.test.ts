/**
 * All rules over the shared corpus (the kubelet and version issue): the manifest's "kubelet additions on N unmanaged
 * Linux nodeGroup(s)" holds for every eksctl file whose version is not known to be older than 1.26; managed,
 * Windows and Bottlerocket groups never get kubeletExtraConfig; outputs parse and add no eksctl schema error; a
 * second run makes no edit. Prints the figures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { schemaErrors } from '../src/eks/eksctl';
import { compareVersions } from '../src/eks/versions';
import { parseYaml } from '../src/parsers/yaml';
import { copyCorpus, CORPUS, HAVE_CORPUS, manifest, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

type Json = Record<string, unknown>;
const docsOf = (file: string) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as Json).filter((d) => d?.kind === 'ClusterConfig');

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`corpus, all rules (${CORPUS})`, () => {
  const rows = HAVE_CORPUS ? manifest() : [];
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;

  beforeAll(async () => {
    dir = tempDir('eksm-corpus-all-');
    copyCorpus(dir);
    first = await runOn(dir, undefined);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no file fails to parse or read, no rewrite is refused (Helm templates are noted)', () => {
    expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
  });

  test('kubelet additions on exactly the unmanaged Linux node groups the manifest counts (version guard aside)', () => {
    let checked = 0;
    let guarded = 0;
    for (const r of rows.filter((x) => x.kind === 'eksctl' && x.path.endsWith('.yaml'))) {
      const m = /kubelet additions .* on (\d+) unmanaged Linux nodeGroup/.exec(r.expect);
      const listed = m ? Number(m[1]) : 0;
      const after = docsOf(path.join(dir, r.path));
      const before = docsOf(path.join(CORPUS, r.path));
      const old = before.some((d) => compareVersions(String((d.metadata as Json | undefined)?.version ?? ''), '1.26') === -1);
      let got = 0;
      for (const d of after) {
        for (const ng of ((d.nodeGroups as Json[] | undefined) ?? []).filter(Boolean)) {
          const k = ng.kubeletExtraConfig as Json | undefined;
          if (k?.seccompDefault === true && Number(k.kubeAPIQPS) >= 50 && Number(k.kubeAPIBurst) >= 100) got++;
          if (/^(bottlerocket|windows)/i.test(String(ng.amiFamily ?? ''))) expect(`${r.path}: ${ng.name} ${JSON.stringify(k)}`).toBe(`${r.path}: ${ng.name} undefined`);
        }
        for (const mng of ((d.managedNodeGroups as Json[] | undefined) ?? []).filter(Boolean)) expect(`${r.path}: ${mng.name} ${JSON.stringify(mng.kubeletExtraConfig)}`).toBe(`${r.path}: ${mng.name} undefined`);
      }
      if (old && listed) {
        guarded++;
        expect(`${r.path}: ${got}`).toBe(`${r.path}: 0`);
      } else expect(`${r.path}: ${got}`).toBe(`${r.path}: ${listed}`);
      checked++;
    }
    console.log(`corpus (all rules): ${checked} eksctl files checked against the manifest; ${guarded} left alone by the <1.26 version guard`);
    expect(checked).toBeGreaterThan(70);
  });

  test('outputs parse and add no eksctl schema error', async () => {
    const problems: string[] = [];
    let schemaAdded = 0;
    for (const r of first.results.filter((x) => x.output !== x.original)) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
      if (r.kind === 'yaml') {
        const was = schemaErrors(parseYaml(r.original).docs);
        const added = [...schemaErrors(parseYaml(r.output).docs)].filter((e) => !was.has(e));
        if (added.length) problems.push(`${r.path}: schema: ${added.join('; ')}`);
        schemaAdded += added.length;
      }
    }
    const fixes = first.results.flatMap((x) => x.findings).filter((f) => f.severity === 'fix');
    const byRule = (sev: string) => Object.entries(first.results.flatMap((x) => x.findings).filter((f) => f.severity === sev).reduce<Record<string, number>>((a, f) => ((a[f.ruleId] = (a[f.ruleId] ?? 0) + 1), a), {})).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`corpus (all rules): ${first.results.filter((x) => x.output !== x.original).length} files changed, ${fixes.length} edits (${byRule('fix')}); manual findings: ${byRule('manual')}; outputs that fail to parse: ${problems.filter((p) => !p.includes('schema:')).length}; schema errors added: ${schemaAdded}`);
    expect(problems).toEqual([]);
  });

  test('a second run makes no edit', async () => {
    const second = await runOn(dir, undefined);
    const edits = second.results.filter((x) => x.output !== x.original).map((x) => x.path);
    console.log(`corpus (all rules): edits on a second run: ${edits.length}`);
    expect(edits).toEqual([]);
  });
});
