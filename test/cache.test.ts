/**
 * The result cache (src/cache.ts): a run that takes results from it reports exactly what a run without it reports,
 * through edits to the files, to the Terraform folder a result depends on, and to the run's settings; a broken or
 * unwritable cache never fails a run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ResultCache } from '../src/cache';
import type { FileResult } from '../src/engine/process';
import { gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { copyCorpus, HAVE_CORPUS, testIf, CORPUS } from './helpers/corpus';
import { tempDir } from './helpers/fixtures';

const cleanup = removedAfterEach();

const FILES = {
  'infra/main.tf': [
    'module "eks" {',
    '  source          = "terraform-aws-modules/eks/aws"',
    '  cluster_version = var.cluster_version',
    '  self_managed_node_groups = {',
    '    workers = {',
    '      bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=58\'"',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
  'infra/variables.tf': 'variable "cluster_version" {\n  default = "1.21"\n}\n',
  'k8s/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings # réglages\ndata:\n  a: "1"\n',
  'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: registry.k8s.io/pause:3.9\n',
};

describe('result cache', () => {
  let repo: string;
  let cacheDir: string;
  const env = () => ({ EKS_MIGRATE_CACHE_DIR: cacheDir });
  /** The JSON report with the cache and without it; they must be the same. */
  async function both(args: string[]) {
    const warm = await runCli(repo, ['--dry-run', '--format', 'json', ...args, '.'], { env: env() });
    const cold = await runCli(repo, ['--dry-run', '--format', 'json', '--no-cache', ...args, '.'], { env: env() });
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
    return JSON.parse(warm.stdout) as { findings: Array<{ file: string; ruleId: string; severity: string }> };
  }
  const cachedCount = async () => {
    const r = await runCli(repo, ['--check', '--verbose', '.'], { env: env() });
    return Number(/\((\d+) unchanged since an earlier run: from the cache\)/.exec(r.stdout)?.[1] ?? 0);
  };

  beforeEach(() => {
    repo = cleanup(gitRepo(FILES, 'eksm-cache-'));
    cacheDir = cleanup(tempDir('eksm-cache-dir-'));
  });

  test('replays what a run without it reports, and follows the files a result depends on', async () => {
    const first = await both([]);
    // the 1.21 cluster keeps its --container-runtime flag (manual finding); the result is kept and replayed
    expect(first.findings.some((f) => f.file === 'infra/main.tf' && f.ruleId === 'container-runtime-flag' && f.severity === 'manual')).toBe(true);
    expect(fs.readdirSync(cacheDir).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    expect(await cachedCount()).toBeGreaterThanOrEqual(2);
    expect(await both([])).toEqual(first);

    // main.tf is unchanged, but the version it runs at lives in variables.tf: its result must follow
    fs.writeFileSync(path.join(repo, 'infra/variables.tf'), 'variable "cluster_version" {\n  default = "1.26"\n}\n');
    const bumped = await both([]);
    expect(bumped.findings.some((f) => f.file === 'infra/main.tf' && f.ruleId === 'container-runtime-flag' && f.severity === 'fix')).toBe(true);

    // a file that held no trigger string now holds one
    fs.appendFileSync(path.join(repo, 'k8s/config.yaml'), '  image: k8s.gcr.io/pause:3.9\n');
    expect((await both([])).findings.some((f) => f.file === 'k8s/config.yaml' && f.ruleId === 'registry-k8s-io')).toBe(true);

    // other settings: another date, another target, fewer rules
    await both(['--today', '2027-06-01']);
    await both(['--target', '1.28']);
    await both(['--rules', 'registry-k8s-io']);
    fs.rmSync(path.join(repo, 'infra/variables.tf'));
    await both([]);
  });

  test('a result follows every file the configuration graph read for it (a Terragrunt env file two folders up, a module)', async () => {
    const live = cleanup(gitRepo({
      'live/prod/env.hcl': 'locals {\n  minor = "1.21"\n}\n',
      'live/prod/eks/terragrunt.hcl': 'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\nterraform {\n  source = "../../../modules//eks"\n}\ninputs = {\n  k8s = local.env.locals.minor\n}\n',
      'modules/eks/main.tf': [
        'variable "k8s" {}',
        'module "eks" {',
        '  source          = "terraform-aws-modules/eks/aws"',
        '  version         = "19.21.0"',
        '  cluster_version = var.k8s',
        '  self_managed_node_groups = {',
        '    w = { ami_type = "AL2_x86_64", bootstrap_extra_args = "--container-runtime containerd" }',
        '  }',
        '}',
        '',
      ].join('\n'),
    }, 'eksm-cache-tg-'));
    const report = async () => {
      const warm = await runCli(live, ['--dry-run', '--format', 'json', '.'], { env: env() });
      const cold = await runCli(live, ['--dry-run', '--format', 'json', '--no-cache', '.'], { env: env() });
      expect(warm.stdout).toBe(cold.stdout);
      return JSON.parse(warm.stdout) as { findings: Array<{ file: string; ruleId: string; severity: string }> };
    };
    const flag = (r: { findings: Array<{ file: string; ruleId: string; severity: string }> }) =>
      r.findings.find((f) => f.file === 'modules/eks/main.tf' && f.ruleId === 'container-runtime-flag')?.severity;
    expect(flag(await report())).toBe('manual'); // a 1.21 cluster keeps the flag
    expect(flag(await report())).toBe('manual'); // from the cache
    fs.writeFileSync(path.join(live, 'live/prod/env.hcl'), 'locals {\n  minor = "1.26"\n}\n');
    expect(flag(await report())).toBe('fix'); // env.hcl moved the cluster to 1.26: the module's result follows
  });

  test("a target word's plan follows the files it was made from (a version two folders up, a new root, a new eksctl cluster)", async () => {
    const live = cleanup(gitRepo({
      'live/prod/env.hcl': 'locals {\n  minor = "1.33"\n}\n',
      'live/prod/eks/terragrunt.hcl': 'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\nterraform {\n  source = "../../../modules//eks"\n}\ninputs = {\n  k8s = local.env.locals.minor\n}\n',
      'modules/eks/main.tf': 'variable "k8s" {}\nmodule "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "20.8.4"\n  cluster_version = var.k8s\n}\n',
    }, 'eksm-cache-plan-'));
    const targets = async () => {
      const warm = await runCli(live, ['--dry-run', '--format', 'json', '--target', 'next', '.'], { env: env() });
      const cold = await runCli(live, ['--dry-run', '--format', 'json', '--target', 'next', '--no-cache', '.'], { env: env() });
      expect(warm.stdout).toBe(cold.stdout);
      return (JSON.parse(warm.stdout) as { clusters: Array<{ target: string }> }).clusters.map((c) => c.target).sort();
    };
    expect(await targets()).toEqual(['1.34']);
    expect(await targets()).toEqual(['1.34']); // the plan from the cache
    fs.writeFileSync(path.join(live, 'live/prod/env.hcl'), 'locals {\n  minor = "1.35"\n}\n');
    expect(await targets()).toEqual(['1.36']);
    fs.mkdirSync(path.join(live, 'live/dev'), { recursive: true });
    fs.writeFileSync(path.join(live, 'live/dev/main.tf'), 'module "cluster" {\n  source = "../../modules/eks"\n  k8s    = "1.32"\n}\n');
    expect(await targets()).toEqual(['1.33', '1.36']);
    fs.writeFileSync(path.join(live, 'cluster.yaml'), 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.34"\n');
    expect(await targets()).toEqual(['1.33', '1.35', '1.36']);
    // a file without a trigger string, remembered as such (unchanged for longer than a time stamp's precision), that
    // now calls the cluster module
    fs.writeFileSync(path.join(live, 'live/qa.tf'), '# not yet\n');
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await targets()).toEqual(['1.33', '1.35', '1.36']);
    expect(await targets()).toEqual(['1.33', '1.35', '1.36']);
    fs.writeFileSync(path.join(live, 'live/qa.tf'), 'module "qa" {\n  source = "../modules/eks"\n  k8s    = "1.33"\n}\n');
    expect(await targets()).toEqual(['1.33', '1.34', '1.35', '1.36']);
  });

  test('another day holds the cache until the support calendar tells the days apart', async () => {
    const check = (today: string) => runCli(repo, ['--check', '--verbose', '--today', today, '.'], { env: env() });
    await check('2024-07-10');
    expect((await check('2024-07-12')).stdout).toMatch(/\(\d+ unchanged since an earlier run: from the cache\)/);
    // 1.21 leaves extended support on 2024-07-15: the finding about it must change, not come from the cache
    const after = await check('2024-07-16');
    expect(after.stdout).not.toMatch(/from the cache/);
    await both(['--today', '2024-07-16']);
  });

  test('a file the cache cannot stat is read as usual', async () => {
    const expected = await both([]);
    const nodeFs = require('fs') as typeof import('fs'); // the module object itself (the import is a frozen view)
    const real = nodeFs.statSync;
    const spy = jest.spyOn(nodeFs, 'statSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => {
      if (String(p).endsWith('config.yaml')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(p, o);
    }) as typeof fs.statSync);
    try {
      expect(await both([])).toEqual(expected);
    } finally {
      spy.mockRestore();
    }
  });

  test('files with pending edits are processed every time', async () => {
    fs.writeFileSync(path.join(repo, 'infra/variables.tf'), 'variable "cluster_version" {\n  default = "1.26"\n}\n');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(repo, ['--dry-run', '.'], { env: env() });
      expect(r.stdout).toContain('-      bootstrap_extra_args = "--container-runtime containerd');
    }
  });

  test('a broken or unwritable cache is ignored; --no-cache writes none; --cache-dir picks the folder', async () => {
    const expected = await both([]);
    const [name] = fs.readdirSync(cacheDir);
    // a signature line, then the JSON
    const body = (t: string) => t.slice(t.indexOf('\n') + 1);
    expect(Object.keys(JSON.parse(body(fs.readFileSync(path.join(cacheDir, name), 'utf8'))).entries)).toContain('infra/main.tf');
    const file = path.join(cacheDir, name);
    const saved = JSON.parse(body(fs.readFileSync(file, 'utf8')));
    // entries of another shape under the right key, then text that is not JSON
    for (const k of Object.keys(saved.entries)) saved.entries[k] = { ...saved.entries[k], deps: 5, findings: null };
    fs.writeFileSync(file, JSON.stringify(saved));
    expect(await both([])).toEqual(expected);
    fs.writeFileSync(file, '{"key": 1, "entries": [');
    expect(await both([])).toEqual(expected);
    // caches of other working folders not used for a month, and temporary files of killed runs, are removed: only
    // files named and written as eks-migrate writes them (issue 24 N3: the folder may hold the user's files)
    const old = new Date(Date.now() - 40 * 86_400_000);
    const own = (i: number | string) => `${String(i).padStart(16, 'f')}.json`;
    fs.writeFileSync(path.join(cacheDir, own('other')), '{"key":"k","entries":{}}');
    fs.writeFileSync(path.join(cacheDir, `${own('x')}.123.tmp`), '{"key":"k"');
    fs.writeFileSync(path.join(cacheDir, 'other.json'), '{}');
    for (const f of [own('other'), `${own('x')}.123.tmp`, 'other.json']) fs.utimesSync(path.join(cacheDir, f), old, old);
    await runCli(repo, ['--check', '--target', '1.28', '.'], { env: env() }); // another target: new entries, saved
    expect(fs.readdirSync(cacheDir).sort()).toEqual([name, 'other.json'].sort());
    fs.rmSync(path.join(cacheDir, 'other.json'));
    // and no more than 100 working folders' caches: the oldest go
    for (let i = 0; i < 120; i++) {
      fs.writeFileSync(path.join(cacheDir, own(i)), '{"key":"k"}');
      fs.utimesSync(path.join(cacheDir, own(i)), new Date(Date.now() - i * 60_000), new Date(Date.now() - i * 60_000));
    }
    await runCli(repo, ['--check', '--target', '1.29', '.'], { env: env() });
    const left = fs.readdirSync(cacheDir);
    expect(left).toHaveLength(100);
    expect(left).toContain(name);
    expect(left).toContain(own(0));
    expect(left).not.toContain(own(119));

    cacheDir = path.join(cleanup(tempDir('eksm-cache-file-')), 'not-a-folder');
    fs.writeFileSync(cacheDir, 'x');
    const r = await runCli(repo, ['--check', '.'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');

    const none = cleanup(tempDir('eksm-cache-none-'));
    await runCli(repo, ['--check', '--no-cache', '.'], { env: { EKS_MIGRATE_CACHE_DIR: none } });
    expect(fs.readdirSync(none)).toEqual([]);
    const chosen = cleanup(tempDir('eksm-cache-chosen-'));
    await runCli(repo, ['--check', '--cache-dir', chosen, '.'], { env: {} });
    expect(fs.readdirSync(chosen)).toHaveLength(1);
  });
});

testIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)('over the corpus, before and after a migration, warm runs report what cold ones do', async () => {
  const dir = cleanup(tempDir('eksm-cache-corpus-'));
  copyCorpus(dir);
  const env = { EKS_MIGRATE_CACHE_DIR: cleanup(tempDir('eksm-cache-corpus-dir-')) };
  for (const mode of ['--dry-run', '--check']) {
    const cold = await runCli(dir, [mode, '--format', 'json', '--no-cache', '.']);
    for (let i = 0; i < 2; i++) expect((await runCli(dir, [mode, '--format', 'json', '.'], { env })).stdout).toBe(cold.stdout);
    if (mode === '--dry-run') expect((await runCli(dir, ['--allow-dirty', '.'], { env })).code).toBe(3);
  }
  const verbose = await runCli(dir, ['--check', '--verbose', '.'], { env });
  expect(Number(/\((\d+) unchanged since an earlier run/.exec(verbose.stdout)?.[1])).toBeGreaterThan(100);
});

describe('files without a trigger string', () => {
  const key = { options: { target: '1.27', seccompDefault: true, today: '2026-11-28' }, rules: ['registry-k8s-io'], cwd: '/w' };
  const later = () => Date.now() + 10_000;
  /** A result that changes nothing for a.yaml in `dir`, and the input that gives it. */
  const cleanResult = (dir: string) => {
    const result: FileResult = { path: 'a.yaml', absPath: path.join(dir, 'a.yaml'), kind: 'yaml', original: 'x: 1\n', output: 'x: 1\n', findings: [], diagnostics: [], ruleIds: [] };
    return { result, input: { ...result, text: result.original } };
  };

  test('are remembered by size, times and inode, and read again when any of them moves', () => {
    const dir = cleanup(tempDir('eksm-cache-unit-'));
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'kind: ConfigMap\n');
    const first = ResultCache.open(dir, key, later());
    expect(first.unchangedSkip('a.yaml', file)).toBe(false);
    first.noteSkipped('a.yaml', fs.statSync(file));
    first.save();
    expect(ResultCache.open(dir, key, later()).unchangedSkip('a.yaml', file)).toBe(true);
    // another rule set, another size limit (a file above it is reported): the verdict does not hold
    expect(ResultCache.open(dir, { ...key, rules: ['removed-apis'] }, later()).unchangedSkip('a.yaml', file)).toBe(false);
    expect(ResultCache.open(dir, { ...key, maxFileBytes: 8 }, later()).unchangedSkip('a.yaml', file)).toBe(false);
    expect(ResultCache.open(dir, { ...key, options: { ...key.options, today: '2030-01-01' } }, later()).unchangedSkip('a.yaml', file)).toBe(true);
    // the same size, the modification time set back: the change time still moves
    const { mtime } = fs.statSync(file);
    fs.writeFileSync(file, 'kind: ConfigMaq\n');
    fs.utimesSync(file, mtime, mtime);
    expect(ResultCache.open(dir, key, later()).unchangedSkip('a.yaml', file)).toBe(false);
  });

  test('a file changed just before the run is not remembered (racy clean)', () => {
    const dir = cleanup(tempDir('eksm-cache-racy-'));
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'kind: ConfigMap\n');
    const c = ResultCache.open(dir, key);
    c.noteSkipped('a.yaml', fs.statSync(file));
    c.save();
    expect(ResultCache.open(dir, key, later()).unchangedSkip('a.yaml', file)).toBe(false);
  });

  test('a result with edits, or with a diagnostic that is not about the text, is not kept', () => {
    const dir = cleanup(tempDir('eksm-cache-keep-'));
    const { result: base, input } = cleanResult(dir);
    const c = ResultCache.open(dir, key);
    c.set({ ...base, output: 'x: 2\n' }, []);
    expect(c.get(input)).toBeUndefined();
    c.set({ ...base, diagnostics: [{ file: 'a.yaml', code: 'internal', message: 'bug' }] }, []);
    expect(c.get(input)).toBeUndefined();
    c.set(base, []);
    expect(c.get(input)).toMatchObject({ path: 'a.yaml', original: 'x: 1\n', output: 'x: 1\n' });
    expect(c.get({ ...input, path: 'b.yaml' })).toBeUndefined();
    expect(c.get({ ...input, text: 'x: 3\n' })).toBeUndefined();
  });

  test("eks-migrate's own files are part of the key: a changed data file or build drops every result", () => {
    const dir = cleanup(tempDir('eksm-cache-code-'));
    const { result, input } = cleanResult(dir);
    const c = ResultCache.open(dir, key);
    c.set(result, []);
    c.save();
    expect(ResultCache.open(dir, key).get(input)).toBeDefined();
    const data = path.join(__dirname, '..', 'data', 'eks-versions.json');
    const { atime, mtime } = fs.statSync(data);
    fs.utimesSync(data, atime, new Date(mtime.getTime() + 2000));
    try {
      expect(ResultCache.open(dir, key).get(input)).toBeUndefined();
    } finally {
      fs.utimesSync(data, atime, mtime);
    }
  });
});
