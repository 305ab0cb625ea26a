/**
 * The container-runtime rules over the shared corpus, driven by MANIFEST.tsv: every listed occurrence is gone
 * (or, where the version guard holds, kept with a manual finding), every other file is byte-identical,
 * every rewritten file parses, and a second run changes nothing. Prints the figures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allFiles, copyCorpus, HAVE_CORPUS, CORPUS, manifest, onlyDeletes, parseProblem, describeIf } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

const RULES = ['container-runtime-flag', 'eksctl-container-runtime'];
const FLAG = /--container-runtime(?![\w-])|^\s*-?\s*(containerRuntime|container-runtime)\s*:/m;

/**
 * Listed in the manifest but kept on purpose: the issue keeps the flag where the cluster version is known and
 * below 1.24 (removing containerd there switches nodes back to dockerd) and reports it.
 */
const GUARDED: Record<string, { line: number; version: string }> = {
  'eksctl-io__eksctl/examples/31-override-bootstrap-command-unmanaged-nodegroup.yaml': { line: 19, version: '1.21' },
  'terraform-aws-modules__terraform-aws-eks@v19.7.0/examples/outposts/main.tf': { line: 78, version: '1.21' },
};

if (!HAVE_CORPUS) console.warn(`corpus tests skipped: no MANIFEST.tsv under ${CORPUS} (set EKS_MIGRATE_CORPUS)`);

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)(`corpus (${CORPUS})`, () => {
  const rows = HAVE_CORPUS ? manifest() : [];
  const listed = rows.filter((r) => /remove --container-runtime|drop eksctl containerRuntime field/.test(r.expect));
  let dir: string;
  let first: Awaited<ReturnType<typeof runOn>>;

  beforeAll(async () => {
    dir = tempDir('eksm-corpus-');
    copyCorpus(dir);
    first = await runOn(dir, RULES, { options: { target: '1.27', seccompDefault: true, today: '2026-11-28' } });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the manifest lists the cases this test relies on', () => {
    expect(listed.length).toBe(9);
    for (const p of Object.keys(GUARDED)) expect(listed.some((r) => r.path === p)).toBe(true);
  });

  test('no file fails to parse or read, no rewrite is refused', () => {
    expect(first.diagnostics.map((d) => `${d.file}: ${d.code}: ${d.message}`)).toEqual([]);
  });

  test('every listed occurrence is gone, touching nothing else on its lines; guarded ones are kept and reported', () => {
    let removed = 0;
    for (const r of listed) {
      const before = fs.readFileSync(path.join(CORPUS, r.path), 'utf8');
      const after = fs.readFileSync(path.join(dir, r.path), 'utf8');
      const guard = GUARDED[r.path];
      if (guard) {
        expect(after).toBe(before);
        const f = first.results.find((x) => x.path === r.path)?.findings ?? [];
        expect(f.some((x) => x.severity === 'manual' && x.start.line === guard.line && x.message.includes(guard.version))).toBe(true);
        continue;
      }
      expect(`${r.path}: ${onlyDeletes(before, after, FLAG) ?? 'ok'}`).toBe(`${r.path}: ok`);
      // what is left of the flag is in comments only (the PowerShell -ContainerRuntime is reported, not rewritten)
      const left = after.split('\n').filter((l) => FLAG.test(l) && !/^\s*#/.test(l));
      expect(`${r.path}: ${left.join(' | ')}`).toBe(`${r.path}: `);
      removed += (r.expect.match(/(remove --container-runtime|drop eksctl containerRuntime field)[^;|]*?L\d+/g) ?? []).length;
    }
    const total = listed.reduce((n, r) => n + (r.expect.match(/(remove --container-runtime|drop eksctl containerRuntime field)[^;|]*?L\d+/g) ?? []).length, 0);
    console.log(`corpus: listed occurrences (--container-runtime flags and eksctl containerRuntime fields) removed ${removed}/${total}; ${Object.keys(GUARDED).length} kept by the <1.24 version guard and reported as manual findings`);
    expect(removed).toBe(total - Object.keys(GUARDED).length);
  });

  test('the Windows bootstrap -ContainerRuntime argument is reported where it is (PowerShell is not rewritten)', () => {
    const f = first.results.find((x) => x.path === 'eksctl-io__eksctl/examples/32-windows-nodes-with-containerd.yaml')?.findings ?? [];
    expect(f.filter((x) => x.message.includes('-ContainerRuntime')).map((x) => `${x.start.line} ${x.severity}`)).toEqual(['22 warning']);
  });

  test('every other file is byte-identical', () => {
    const expected = new Set(listed.filter((r) => !GUARDED[r.path]).map((r) => r.path));
    const changed = allFiles(CORPUS).filter((f) => !fs.readFileSync(path.join(CORPUS, f)).equals(fs.readFileSync(path.join(dir, f))));
    const unintended = changed.filter((f) => !expected.has(f));
    console.log(`corpus: ${changed.length} files changed, unintended byte changes in ${unintended.length} files`);
    expect(unintended).toEqual([]);
    expect(changed.sort()).toEqual([...expected].sort());
  });

  test('every rewritten file parses with the reference parsers (hcl2json, yaml, bash -n)', async () => {
    const problems: string[] = [];
    for (const r of first.results.filter((x) => x.output !== x.original)) {
      const p = await parseProblem(r.absPath);
      if (p) problems.push(`${r.path}: ${p}`);
    }
    console.log(`corpus: outputs that fail to parse: ${problems.length}`);
    expect(problems).toEqual([]);
  });

  test('a second run makes no edit', async () => {
    const second = await runOn(dir, RULES);
    const edits = second.results.filter((x) => x.output !== x.original).map((x) => x.path);
    console.log(`corpus: edits on a second run: ${edits.length}`);
    expect(edits).toEqual([]);
  });
});
