/**
 * Output and writes under pressure: a report or patch on a pipe that the reader drains slowly comes out whole (the
 * process used to exit before the pipe drained, cutting it at 64 KiB), and a short write (a full disk) leaves the
 * original file as it was.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
// the module object itself (writeAtomic reads its functions through it), where jest can replace one
import nodeFs = require('fs');
import * as path from 'path';
import { writeAtomic } from '../src/files/write';
import { git, gitRepo, runCli } from './helpers/cli';
import { tempDir } from './helpers/fixtures';

const BIN = path.join(__dirname, '..', 'bin', 'eks-migrate.js');

test('a JSON report on a slow pipe is complete', async () => {
  const dir = tempDir('eksm-pipe-');
  try {
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(dir, `f${i}.tf`), `module "m${i}" {\n  bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"\n}\n`);
    const child = spawn(process.execPath, [BIN, '--no-cache', '--format', 'json', '--dry-run', '--today', '2026-11-28', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    await new Promise((r) => setTimeout(r, 1500)); // the reader is slow: the pipe fills before it reads
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    const code = await exited;
    await new Promise((r) => setImmediate(r));
    expect(code).toBe(2);
    expect(out.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(out).findings.length).toBeGreaterThan(300);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test('a short write (a full disk) leaves the original and no temporary file', () => {
  const dir = tempDir('eksm-short-');
  const file = path.join(dir, 'main.tf');
  fs.writeFileSync(file, 'original\n');
  const real = nodeFs.writeSync;
  const spy = jest.spyOn(nodeFs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, off?: number) => ((off ?? 0) === 0 ? real(fd, buf, 0, 3) : 0)) as never);
  try {
    expect(() => writeAtomic(file, 'a much longer replacement text\n')).toThrow(/wrote 3 of/);
    expect(fs.readFileSync(file, 'utf8')).toBe('original\n');
    expect(fs.readdirSync(dir)).toEqual(['main.tf']);
  } finally {
    spy.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('file names with line breaks, tabs, quotes and backslashes cannot steer a patch; git apply takes it', async () => {
  const body = 'module "m" {\n  bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=20\'"\n}\n';
  const names = ['new\nline.tf', 'tab\tname.tf', 'quote"s.tf', 'back\\slash.tf', 'x.tf\n+++ b/Makefile'];
  const files: Record<string, string> = { Makefile: 'all:\n\ttrue\n' };
  for (const n of names) files[n] = body;
  const dir = gitRepo(files, 'eksm-names-');
  const copy = gitRepo(files, 'eksm-names-copy-');
  try {
    const r = await runCli(dir, ['--patch', 'out.patch', '--no-cache', '.']);
    expect(r.code).toBe(2);
    const patch = fs.readFileSync(path.join(dir, 'out.patch'), 'utf8');
    expect(patch).toContain('diff --git "a/new\\nline.tf" "b/new\\nline.tf"');
    expect(patch).not.toMatch(/^\+\+\+ b\/Makefile$/m);
    git(copy, 'apply', '--check', path.join(dir, 'out.patch'));
    git(copy, 'apply', path.join(dir, 'out.patch'));
    expect(fs.readFileSync(path.join(copy, 'Makefile'), 'utf8')).toBe('all:\n\ttrue\n');
    for (const n of names.filter((x) => x.endsWith('.tf'))) expect(fs.readFileSync(path.join(copy, n), 'utf8')).not.toContain('--container-runtime');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

describe('arguments', () => {
  const sink = () => {
    let text = '';
    return { stream: { isTTY: false, write: (s: string) => ((text += String(s)), true) } as unknown as NodeJS.WritableStream, text: () => text };
  };
  const main = async (dir: string, argv: string[], env: NodeJS.ProcessEnv = { EKS_MIGRATE_TODAY: '2026-11-28' }) => {
    const out = sink();
    const err = sink();
    const code = await (await import('../src/cli')).main(argv, { cwd: dir, stdout: out.stream, stderr: err.stream, env });
    return { code, stdout: out.text(), stderr: err.text() };
  };
  const body = 'module "m" {\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n';

  test('`--` ends the options: the paths after it are the paths, even one that starts with a dash', async () => {
    const dir = gitRepo({ 'a.tf': body, 'b.tf': body, '-c.tf': body }, 'eksm-dashes-');
    try {
      const r = await main(dir, ['--dry-run', '--no-cache', '--', 'a.tf', '-c.tf']);
      expect(r.stdout).toMatch(/2 files to change/);
      expect(r.stdout).toContain('diff --git a/-c.tf b/-c.tf');
      expect(r.stdout).not.toContain('b.tf b/b.tf');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('numbers and dates are checked: a usage error (exit 1) that says what was expected', async () => {
    const dir = gitRepo({ 'a.tf': body }, 'eksm-args-');
    try {
      for (const v of ['abc', '-1', '0']) expect(await main(dir, ['--dry-run', '--max-file-size', v, '.'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--max-file-size: expected a number of MiB greater than 0/) });
      for (const d of ['2024-02-30', '2024-13-01', 'tomorrow']) expect(await main(dir, ['--dry-run', '--today', d, '.'])).toMatchObject({ code: 1, stderr: expect.stringContaining(`--today ${d}: expected a date YYYY-MM-DD`) });
      expect(await main(dir, ['--dry-run', '.'], { EKS_MIGRATE_TODAY: 'garbage' })).toMatchObject({ code: 1, stderr: expect.stringContaining('EKS_MIGRATE_TODAY garbage') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a relative XDG_CACHE_HOME is ignored (it would put the cache in the tree)', async () => {
    const { defaultCacheDir } = await import('../src/cache');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'cache', HOME: '/home/u' })).toBe(path.join('/home/u', '.cache', 'eks-migrate'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/u', HOME: '/home/u' })).toBe(path.join('/var/cache/u', 'eks-migrate'));
  });
});

describe('containment and hostile input', () => {
  const body = 'module "m" {\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n';

  test('--patch and --output never write through a symbolic link the repository holds', async () => {
    const outside = tempDir('eksm-precious-');
    const dir = gitRepo({ 'main.tf': body }, 'eksm-links-');
    try {
      fs.writeFileSync(path.join(outside, 'precious'), 'precious data\n');
      fs.symlinkSync(path.join(outside, 'precious'), path.join(dir, 'fix.patch'));
      fs.symlinkSync(path.join(outside, 'precious'), path.join(dir, 'report.json'));
      const p = await runCli(dir, ['--patch', 'fix.patch', '--no-cache', '.']);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/fix\.patch is a symbolic link/);
      const o = await runCli(dir, ['--dry-run', '--format', 'json', '--output', 'report.json', '--no-cache', '.']);
      expect(o.code).toBe(1);
      expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('precious data\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a config include that resolves outside the tree is refused, and says so', async () => {
    const outside = tempDir('eksm-elsewhere-');
    fs.writeFileSync(path.join(outside, 'main.tf'), body);
    const dir = gitRepo({ 'inside/main.tf': body, '.eks-migrate.yaml': `include: ["../${path.basename(outside)}/main.tf", "${outside}/main.tf", "linked", "inside"]\n` }, 'eksm-include-');
    try {
      fs.symlinkSync(outside, path.join(dir, 'linked'));
      // the config names ../<outside> relative to the repository: put the outside folder beside it
      const beside = path.join(path.dirname(dir), path.basename(outside));
      if (beside !== outside) fs.cpSync(outside, beside, { recursive: true });
      const r = await runCli(dir, ['--no-cache', '--allow-dirty']);
      expect(r.stderr).toMatch(/resolves outside the tree/);
      expect(fs.readFileSync(path.join(outside, 'main.tf'), 'utf8')).toBe(body);
      expect(fs.readFileSync(path.join(dir, 'inside', 'main.tf'), 'utf8')).not.toContain('--container-runtime');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a config file over 1 MiB, or with more than 10,000 entries, is refused', async () => {
    const big = gitRepo({ 'main.tf': body, '.eks-migrate.yaml': `ignore: ["x/**"]\n${'#'.repeat(100).concat('\n').repeat(11000)}` }, 'eksm-bigcfg-');
    const many = gitRepo({ 'main.tf': body, '.eks-migrate.yaml': `ignore:\n${Array.from({ length: 10001 }, (_, i) => `  - "x${i}/**"`).join('\n')}\n` }, 'eksm-manycfg-');
    try {
      expect(await runCli(big, ['--check', '.'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/more than a config file may hold \(1 MiB\)/) });
      expect(await runCli(many, ['--check', '.'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/10001 ignore entries is more than a config file may hold/) });
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
      fs.rmSync(many, { recursive: true, force: true });
    }
  });

  test('an undefined YAML alias is a parse error (exit 4), and the file is not edited', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n    x: *missing\nspec:\n  containers:\n    - name: a\n      image: k8s.gcr.io/pause:3.9\n';
    const dir = gitRepo({ 'pod.yaml': pod }, 'eksm-alias-');
    try {
      const r = await runCli(dir, ['--no-cache', 'pod.yaml']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/pod\.yaml:7:8: error: does not parse: the alias \*missing names no anchor/);
      expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(pod);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file name with a terminal escape is printed escaped; a refused (dirty) file counts no edits', async () => {
    const dir = gitRepo({ 'esc\x1b[31mred.tf': body, 'main.tf': body }, 'eksm-esc-');
    try {
      const r = await runCli(dir, ['--dry-run', '--no-cache', '.']);
      expect(r.all).not.toContain('\x1b');
      expect(r.all).toContain('esc\\x1b[31mred.tf');
      fs.appendFileSync(path.join(dir, 'main.tf'), '# uncommitted\n');
      const j = await runCli(dir, ['--no-cache', '--format', 'json', 'main.tf']);
      expect(JSON.parse(j.stdout).totals).toMatchObject({ edits: 0, filesChanged: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a rewrite that does not converge: one not-converged error per file, no pending edits listed, exit 3', async () => {
  const dir = gitRepo({
    'main.tf': 'module "eks" {\n  kubernetes_version = "1.28"\n  self_managed_node_group_defaults = {\n    kubelet_extra_args = "\\"--kube-api-qps=5\\""\n  }\n}\n',
    'u.sh': "#!/bin/sh\nsudo /etc/eks/bootstrap.sh c --container-run`time=x --kubelet-extra-args '--max-pods=20'\n",
  }, 'eksm-nc-');
  try {
    const r = await runCli(dir, ['--check', '--no-cache', '.']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/main\.tf: error: rules still had edits after 10 passes/);
    expect(r.stderr).toMatch(/u\.sh: error: rules still had edits after 10 passes/);
    expect(r.stdout).not.toMatch(/fixable/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache entry edited on disk is not used: it carries a checksum of its own', async () => {
  const dir = gitRepo({ 'main.tf': 'module "eks" {\n  cluster_version = "1.25"\n}\n' }, 'eksm-tamper-');
  const cacheDir = tempDir('eksm-tamper-cache-');
  try {
    const first = await runCli(dir, ['--check', '--cache-dir', cacheDir, '.']);
    expect(first.stdout).toMatch(/main\.tf:2:22 +manual/);
    const files: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => files.push(p))(path.join(d, e.name)); };
    walk(cacheDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"message":"/g, '"message":"TAMPERED '));
    const second = await runCli(dir, ['--check', '--cache-dir', cacheDir, '.']);
    expect(second.stdout).not.toContain('TAMPERED');
    expect(second.stdout).toMatch(/main\.tf:2:22 +manual/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('dirty files are refused from any working folder, in nested repositories, and when hidden by .git/info/exclude', async () => {
  const body = 'module "m" {\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n';
  const outer = gitRepo({ 'main.tf': body }, 'eksm-dirty-');
  const elsewhere = tempDir('eksm-dirty-cwd-');
  try {
    fs.appendFileSync(path.join(outer, 'main.tf'), '# uncommitted\n');
    // a nested repository with an uncommitted change of its own
    const nested = path.join(outer, 'nested');
    fs.mkdirSync(nested);
    git(nested, 'init', '-q');
    fs.writeFileSync(path.join(nested, 'n.tf'), body);
    git(nested, 'add', '-A');
    git(nested, '-c', 'user.email=t@local', '-c', 'user.name=t', 'commit', '-qm', 'n');
    fs.appendFileSync(path.join(nested, 'n.tf'), '# uncommitted\n');
    // an untracked file that .git/info/exclude hides
    fs.mkdirSync(path.join(outer, 'local'));
    fs.writeFileSync(path.join(outer, 'local', 'override.tf'), body);
    fs.appendFileSync(path.join(outer, '.git', 'info', 'exclude'), 'local/\n');
    const r = await runCli(elsewhere, ['--no-cache', outer]);
    expect(r.stderr).toMatch(/main\.tf: error: has uncommitted changes/);
    for (const f of ['main.tf', 'nested/n.tf', 'local/override.tf']) expect(fs.readFileSync(path.join(outer, f), 'utf8')).toContain('--container-runtime');
  } finally {
    fs.rmSync(outer, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
