/**
 * Safe on a stranger's machine and repository, round 3 (issue 24, the file items): a dirty check git cannot answer
 * refuses (N1); named paths, reports and patches stay inside their tree by their real path (N2, N7); the cache
 * removes only its own files (N3) and no relative cache folder lands in the tree (#18); a rewrite keeps extended
 * attributes (N4), sees a same-size save within the time stamp's precision (N5), works without a writable HOME
 * (N16) and with a long file name (N18); a config above the repository does not apply (N6).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defaultCacheDir, ResultCache } from '../src/cache';
import { findConfig } from '../src/config';
import { DirtyFiles } from '../src/files/git';
import { TempJournal, writeAtomic } from '../src/files/write';
import { git, gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { tempDir, TODAY } from './helpers/fixtures';

const BIN = path.join(__dirname, '..', 'bin', 'eks-migrate.js');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: k8s.gcr.io/pause:3.9\n';
const track = removedAfterEach();
const python = spawnSync('python3', ['-c', 'pass']).status === 0;

describe('N1: a dirty check git cannot answer counts as dirty', () => {
  test('git missing: the file is "unknown", never clean', () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }, 'eksm-n1-'));
    const state = new DirtyFiles(path.join(dir, 'no-such-git')).state(path.join(dir, 'pod.yaml'));
    expect(state).toEqual({ unknown: expect.stringContaining('git was not found') });
    // outside any repository, there is nothing to lose to git
    const plain = track(tempDir('eksm-n1-plain-'));
    fs.writeFileSync(path.join(plain, 'pod.yaml'), POD);
    expect(new DirtyFiles(path.join(dir, 'no-such-git')).state(path.join(plain, 'pod.yaml'))).toBe('clean');
  });

  test('the built bin with no git on PATH: the file with uncommitted work is refused and named, exit 4', () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }, 'eksm-n1-bin-'));
    fs.appendFileSync(path.join(dir, 'pod.yaml'), '# work in progress\n');
    const want = fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    const bin = track(tempDir('eksm-n1-path-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = spawnSync(process.execPath, [BIN, '--today', TODAY, '--target', '1.27', '--no-cache', 'pod.yaml'], { cwd: dir, encoding: 'utf8', env: { PATH: bin, HOME: dir } });
    expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(want);
    expect(r.status).toBe(4);
    expect(r.stdout + r.stderr).toMatch(/pod\.yaml.*git could not say/);
  });
});

describe('N2: paths named on the command line are real paths inside the tree', () => {
  test('a committed symbolic link to a folder outside the repository is refused, and says so', async () => {
    const root = track(tempDir('eksm-n2-'));
    fs.mkdirSync(path.join(root, 'victim', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(root, 'victim', 'prod', 'app.yaml'), POD);
    fs.mkdirSync(path.join(root, 'repo'));
    fs.writeFileSync(path.join(root, 'repo', 'x.yaml'), POD);
    fs.symlinkSync('../victim', path.join(root, 'repo', 'envs'));
    git(path.join(root, 'repo'), 'init', '-q');
    const r = await runCli(path.join(root, 'repo'), ['envs/prod']);
    expect(fs.readFileSync(path.join(root, 'victim', 'prod', 'app.yaml'), 'utf8')).toBe(POD);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/envs\/prod: .*resolves through a symbolic link to .*victim.*outside the tree/);
  });

  test('a repository named through a symbolic link: git is asked of the real path, and the dirty file is refused', () => {
    const root = track(tempDir('eksm-n2b-'));
    const repo = gitRepo({ 'd/x.yaml': POD }, 'eksm-n2b-repo-');
    track(repo);
    fs.appendFileSync(path.join(repo, 'd', 'x.yaml'), '# work in progress\n');
    fs.symlinkSync(repo, path.join(root, 'r'));
    expect(new DirtyFiles().state(path.join(root, 'r', 'd', 'x.yaml'))).toBe('dirty');
  });
});

test('N3: --cache-dir on a folder of the user\'s files removes none of them, only its own old caches', () => {
  const dir = track(tempDir('eksm-n3-'));
  const old = (f: string, body: string, daysAgo: number) => {
    fs.writeFileSync(path.join(dir, f), body);
    const t = new Date(Date.now() - daysAgo * 86_400_000);
    fs.utimesSync(path.join(dir, f), t, t);
  };
  old('package.json', '{"name": "scratch"}', 40);
  old('notes.tmp', 'draft notes', 0.1);
  old('abcdefghijklmnop.json', '{"mine": true}', 40); // named like a cache, not one
  for (let i = 0; i < 120; i++) old(`data${i}.json`, `{"sample": ${i}}`, i / 1440);
  old('ABCDEFGHIJKLMNOP.json', '{"key":"x","entries":{}}', 40); // an old cache of eks-migrate's
  const c = ResultCache.open(dir, { options: { target: '1.27', seccompDefault: true, today: TODAY }, rules: [], cwd: '/somewhere' });
  c.setPlan({ k: 'k', fallback: '1.27', clusters: [], targets: {}, folders: [] });
  c.save();
  const names = fs.readdirSync(dir);
  expect(names).toEqual(expect.arrayContaining(['package.json', 'notes.tmp', 'abcdefghijklmnop.json', ...Array.from({ length: 120 }, (_, i) => `data${i}.json`)]));
  expect(names).not.toContain('ABCDEFGHIJKLMNOP.json');
  expect(names.length).toBe(124);
});

(python && process.platform === 'linux' ? test : test.skip)('N4: a rewrite keeps the extended attributes of the file', () => {
  const dir = track(tempDir('eksm-n4-'));
  const f = path.join(dir, 'x.yaml');
  fs.writeFileSync(f, 'a: 1\n');
  const set = spawnSync('python3', ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.keep", b"yes")', f]);
  if (set.status !== 0) return; // no user xattrs on this file system
  writeAtomic(f, 'a: 2\n');
  const got = spawnSync('python3', ['-c', 'import os, sys; print(os.getxattr(sys.argv[1], "user.keep").decode())', f], { encoding: 'utf8' });
  expect([fs.readFileSync(f, 'utf8'), got.stdout.trim()]).toEqual(['a: 2\n', 'yes']);
});

test('N4: attributes that cannot be copied refuse the file', () => {
  const dir = track(tempDir('eksm-n4r-'));
  const f = path.join(dir, 'x.yaml');
  fs.writeFileSync(f, 'a: 1\n');
  const pathWas = process.env.PATH;
  process.env.PATH = dir; // no cp
  try {
    if (process.platform === 'linux') expect(() => writeAtomic(f, 'a: 2\n', undefined, undefined, undefined, ['user.keep'])).toThrow(/extended attributes \(user\.keep\).*could not copy/);
  } finally {
    process.env.PATH = pathWas;
  }
  expect(fs.readFileSync(f, 'utf8')).toBe('a: 1\n');
  expect(fs.readdirSync(dir)).toEqual(['x.yaml']);
});

test('N5: a same-size save with the same modification time (1-s time stamps) is seen before the rename', () => {
  const dir = track(tempDir('eksm-n5-'));
  const f = path.join(dir, 'pod.yaml');
  fs.writeFileSync(f, '# status: draft\n');
  const t = new Date(Math.floor(Date.now() / 1000) * 1000);
  fs.utimesSync(f, t, t);
  const read = fs.statSync(f);
  // the editor's save: same inode, same size, the time stamp set back to the same second
  const fd = fs.openSync(f, 'r+');
  fs.writeSync(fd, '# status: saved\n', 0, 'utf8');
  fs.closeSync(fd);
  fs.utimesSync(f, t, t);
  expect(() => writeAtomic(f, 'new\n', undefined, read, '# status: draft\n', [])).toThrow(/changed on disk/);
  expect(fs.readFileSync(f, 'utf8')).toBe('# status: saved\n');
  expect(fs.readdirSync(dir)).toEqual(['pod.yaml']);
});

test('N6: the config search stops at the repository root', () => {
  const up = track(tempDir('eksm-n6-'));
  fs.writeFileSync(path.join(up, '.eks-migrate.yaml'), 'include: [sibling]\n');
  fs.mkdirSync(path.join(up, 'repo', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(up, 'repo', '.git'));
  expect(findConfig(path.join(up, 'repo', 'sub'))).toBeUndefined();
  fs.writeFileSync(path.join(up, 'repo', '.eks-migrate.yaml'), 'rules: {}\n');
  expect(findConfig(path.join(up, 'repo', 'sub'))).toBe(path.join(up, 'repo', '.eks-migrate.yaml'));
});

test('N6: outside any repository only the run\'s own folder is searched (a parent such as /tmp may be anyone\'s)', () => {
  const up = track(tempDir('eksm-n6b-'));
  fs.writeFileSync(path.join(up, '.eks-migrate.yaml'), 'ignore: ["**"]\n');
  fs.mkdirSync(path.join(up, 'work'));
  expect(findConfig(path.join(up, 'work'))).toBeUndefined();
  fs.writeFileSync(path.join(up, 'work', '.eks-migrate.yaml'), 'rules: {}\n');
  expect(findConfig(path.join(up, 'work'))).toBe(path.join(up, 'work', '.eks-migrate.yaml'));
});

test('N7: --output and --patch never write through a symbolically linked folder; refused before any write', async () => {
  const root = track(tempDir('eksm-n7-'));
  fs.mkdirSync(path.join(root, 'victim'));
  fs.writeFileSync(path.join(root, 'victim', 'out.json'), 'precious');
  const repo = path.join(root, 'repo');
  fs.mkdirSync(repo);
  fs.writeFileSync(path.join(repo, 'pod.yaml'), POD);
  fs.symlinkSync('../victim', path.join(repo, 'reports'));
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.email=t@local', '-c', 'user.name=t', 'commit', '-qm', 'base');
  for (const args of [['--format', 'json', '--output', 'reports/out.json'], ['--format', 'json', '--output', 'reports/new.json'], ['--patch', 'reports/fix.patch'], ['--output', 'reports/r.txt', '.']]) {
    const r = await runCli(repo, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reports\/\w+\.\w+: its folder resolves through a symbolic link/);
  }
  expect(fs.readdirSync(path.join(root, 'victim'))).toEqual(['out.json']);
  expect(fs.readFileSync(path.join(root, 'victim', 'out.json'), 'utf8')).toBe('precious');
  expect(fs.readFileSync(path.join(repo, 'pod.yaml'), 'utf8')).toBe(POD); // refused before the in-place run
  // outside the repository, without a link: written as named
  const out = path.join(root, 'abs.json');
  expect((await runCli(repo, ['--dry-run', '--format', 'json', '--output', out])).code).toBe(2);
  expect(JSON.parse(fs.readFileSync(out, 'utf8')).findings.length).toBeGreaterThan(0);
});

test('N16: a journal folder that cannot be made falls back to one of this user\'s own; writes go on', () => {
  const dir = track(tempDir('eksm-n16-'));
  const base = track(tempDir('eksm-n16-tmp-'));
  const f = path.join(dir, 'x.yaml');
  fs.writeFileSync(f, 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'blocker'), ''); // a file where the journal's folder would go
  const journal = new TempJournal(path.join(dir, 'blocker', 'temps'), base);
  let listed: string[] = [];
  const add = journal.add.bind(journal);
  journal.add = (tmp: string) => {
    add(tmp);
    listed = fs.readdirSync(path.join(base, `eks-migrate-${process.getuid?.()}`));
  };
  writeAtomic(f, 'a: 2\n', journal);
  expect(fs.readFileSync(f, 'utf8')).toBe('a: 2\n');
  if (process.getuid) {
    expect(listed).toEqual([expect.stringMatching(/^\d+-[0-9a-f]{8}\.temps$/)]);
    expect(fs.statSync(path.join(base, `eks-migrate-${process.getuid()}`)).mode & 0o777).toBe(0o700);
  }
  expect(journal.unjournaled).toBeUndefined();
  // nowhere to keep a list: the write still happens
  const none = new TempJournal(path.join(dir, 'blocker', 'temps'), path.join(dir, 'blocker'));
  writeAtomic(f, 'a: 3\n', none);
  expect(fs.readFileSync(f, 'utf8')).toBe('a: 3\n');
  expect(none.unjournaled).toMatch(/ENOTDIR/);
});

(process.getuid?.() === 0 && fs.existsSync('/usr/bin/setpriv') ? test : test.skip)('N16: as a user whose HOME does not exist, the built bin rewrites a writable file (with and without the cache)', () => {
  for (const extra of [[], ['--no-cache']]) {
    const dir = track(gitRepo({ 'pod.yaml': POD }, 'eksm-n16-bin-'));
    fs.chmodSync(dir, 0o755);
    spawnSync('chown', ['-R', '65534:65534', dir]);
    const r = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, BIN, '--today', TODAY, '--target', '1.27', '--allow-dirty', ...extra, 'pod.yaml'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent' } });
    if (/EACCES.*eks-migrate\.js|Cannot find module/.test(r.stderr)) return; // the build is not readable by that user here
    expect([r.status, r.stderr]).toEqual([0, expect.anything()]);
    expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toContain('registry.k8s.io');
  }
});

test('N18: a file whose name is 250 characters long is rewritten', () => {
  const dir = track(tempDir('eksm-n18-'));
  const f = path.join(dir, `${'x'.repeat(245)}.yaml`);
  fs.writeFileSync(f, 'a: 1\n');
  writeAtomic(f, 'a: 2\n');
  expect(fs.readFileSync(f, 'utf8')).toBe('a: 2\n');
  expect(fs.readdirSync(dir)).toEqual([path.basename(f)]);
});

test('#18: a relative EKS_MIGRATE_CACHE_DIR is ignored (it would put the cache in the tree)', () => {
  expect(defaultCacheDir({ EKS_MIGRATE_CACHE_DIR: '.cache', HOME: '/home/u' })).toBe(path.join('/home/u', '.cache', 'eks-migrate'));
  expect(defaultCacheDir({ EKS_MIGRATE_CACHE_DIR: '/var/cache/em', HOME: '/home/u' })).toBe('/var/cache/em');
});
