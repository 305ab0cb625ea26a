/**
 * The workload rules over the shared corpus, driven by MANIFEST.tsv: listed k8s.gcr.io references move to
 * registry.k8s.io (look-alikes stay), listed seccomp annotations move to seccompProfile, PodSecurityPolicy
 * annotations are reported and left, the upstream maintainers' own migrations are matched (metrics-server byte for
 * byte; gatekeeper's seccompProfile and annotations), anything else that changes is an apiVersion line, outputs
 * parse, and a second run makes no edit. Prints the figures per rule.
 */
import * as fs from 'fs';
import * as path from 'path';
import { diffLines } from 'diff';
import { parseAllDocuments } from 'yaml';
import { allFiles, copyCorpus, CORPUS, HAVE_CORPUS, manifest, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

const RULES = ['seccomp-annotations', 'registry-k8s-io', 'removed-apis'];
type Json = Record<string, unknown>;

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`corpus, workload rules (${CORPUS})`, () => {
  const rows = HAVE_CORPUS ? manifest() : [];
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;
  const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');

  beforeAll(async () => {
    dir = tempDir('eksm-corpus-wl-');
    copyCorpus(dir);
    first = await runOn(dir, RULES);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no file fails to parse or read; templates are noted', () => {
    expect(first.diagnostics.filter((d) => d.code !== 'template').map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
  });

  test('listed k8s.gcr.io references move to registry.k8s.io; look-alikes stay', () => {
    let lines = 0;
    for (const r of rows.filter((x) => /rewrite k8s\.gcr\.io/.test(x.expect))) {
      const before = read(CORPUS, r.path).split('\n');
      const after = read(dir, r.path).split('\n');
      const listed = (/rewrite k8s\.gcr\.io->registry\.k8s\.io ((?:L\d+,?)+)/.exec(r.expect)?.[1] ?? '').split(',').map((l) => Number(l.slice(1)));
      for (const n of listed) {
        expect(`${r.path}:${n}: ${after[n - 1]}`).toBe(`${r.path}:${n}: ${before[n - 1].replace(/(?<![\w.-])k8s\.gcr\.io/g, 'registry.k8s.io')}`);
        lines++;
      }
      for (const m of r.info.matchAll(/NEGATIVE: [^;|]*? L((?:\d+,?L?)+)/g)) {
        for (const n of m[1].split(/,L?/).map(Number)) expect(`${r.path}:${n}: ${after[n - 1]}`).toBe(`${r.path}:${n}: ${before[n - 1]}`);
      }
    }
    console.log(`corpus (workloads): ${lines} listed k8s.gcr.io lines rewritten`);
    expect(lines).toBeGreaterThan(15);
  });

  test('listed seccomp annotations move to seccompProfile; PodSecurityPolicy ones are reported and left', () => {
    for (const r of rows.filter((x) => /migrate (pod|container) seccomp annotation/.test(x.expect))) {
      const out = read(dir, r.path);
      expect(`${r.path}: ${/(?<!~1)seccomp\.security\.alpha\.kubernetes\.io\/(pod|[\w-]+)\s*:\s*\S/.test(out.replace(/^.*(allowedProfileNames|defaultProfileName).*$/gm, ''))}`).toBe(`${r.path}: false`);
      expect(out).toContain('seccompProfile');
    }
    for (const r of rows.filter((x) => /PSP seccomp alpha annotation/.test(x.expect))) {
      const lines = (/PSP seccomp alpha annotation [^|]*?((?:L\d+,?)+)/.exec(r.expect)?.[1] ?? '').split(',').map((l) => Number(l.slice(1)));
      const f = first.results.find((x) => x.path === r.path)?.findings ?? [];
      for (const n of lines) expect(`${r.path}:${n} ${f.some((x) => x.ruleId === 'seccomp-annotations' && x.severity === 'manual' && x.start.line === n)}`).toBe(`${r.path}:${n} true`);
    }
  });

  test("the upstream maintainers' own migrations are matched", () => {
    for (const f of ['charts/metrics-server/values.yaml', 'manifests/components/autoscale/patch.yaml', 'manifests/components/release/kustomization.yaml']) {
      expect(read(dir, `kubernetes-sigs__metrics-server@2155c294-parent/${f}`)).toBe(read(CORPUS, `kubernetes-sigs__metrics-server@2155c294/${f}`));
    }
    // gatekeeper: the oracle also changed unrelated lines (PSA labels, capabilities); compare what this migration owns
    const seccompView = (text: string) =>
      parseAllDocuments(text).map((d) => d.toJS() as Json).filter((d) => d?.kind === 'Deployment').map((d) => {
        const t = (d.spec as Json).template as Json;
        const ann = ((t.metadata as Json)?.annotations ?? {}) as Json;
        return {
          annotations: Object.keys(ann).filter((k) => k.includes('seccomp')),
          pod: ((t.spec as Json).securityContext as Json | undefined)?.seccompProfile,
          containers: ((t.spec as Json).containers as Json[]).map((c) => [c.name, (c.securityContext as Json | undefined)?.seccompProfile]),
        };
      });
    const ours = read(dir, 'open-policy-agent__gatekeeper@05650d2/config/manager/manager.yaml');
    const theirs = read(CORPUS, 'open-policy-agent__gatekeeper@52db6a7/config/manager/manager.yaml');
    expect(seccompView(ours)).toEqual(seccompView(theirs));
    expect(seccompView(ours).length).toBe(2);
  });

  test('any other change is an apiVersion line (removed-apis)', () => {
    const listed = new Set(rows.filter((x) => /rewrite k8s|migrate (pod|container)/.test(x.expect)).map((x) => x.path));
    for (const f of allFiles(CORPUS)) {
      const before = read(CORPUS, f);
      const after = read(dir, f);
      if (before === after || listed.has(f)) continue;
      const changed = diffLines(before, after).filter((p) => p.added || p.removed).flatMap((p) => p.value.split('\n').filter(Boolean));
      expect(`${f}: ${changed.filter((l) => !/^\s*"?apiVersion"?\s*:/.test(l)).join(' | ')}`).toBe(`${f}: `);
    }
  });

  test('outputs parse; figures; a second run makes no edit', async () => {
    const problems: string[] = [];
    for (const r of first.results.filter((x) => x.output !== x.original && x.kind !== 'text')) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
    }
    expect(problems).toEqual([]);
    const count = (rule: string, sev: string) => first.results.flatMap((x) => x.findings).filter((f) => f.ruleId === rule && f.severity === sev).length;
    const second = await runOn(dir, RULES);
    const again = second.results.filter((x) => x.output !== x.original).map((x) => x.path);
    console.log(`corpus (workloads): ${RULES.map((r) => `${r}: ${count(r, 'fix')} edits, ${count(r, 'manual')} manual`).join('; ')}; outputs that fail to parse: ${problems.length}; edits on a second run: ${again.length}`);
    expect(again).toEqual([]);
  });
});
