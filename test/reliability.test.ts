/**
 * Reliability: SIGKILL at random moments of in-place runs never leaves a torn file; hostile inputs (symlink loops,
 * size limits, BOM, alias bombs, deep nesting, very long lines) get a clear message or plain handling and bounded
 * work; a file that changes on disk while eks-migrate works on it is left alone.
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { removedAfterEach, runCli } from './helpers/cli';
import { run } from '../src/run';
import { allFiles, copyCorpus, HAVE_CORPUS, describeIf, CORPUS } from './helpers/corpus';
import { tempDir, TODAY } from './helpers/fixtures';

const BIN = path.join(__dirname, '..', 'bin', 'eks-migrate.js');
const hash = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const OPTIONS = { target: '1.27', seccompDefault: true, today: TODAY };

const cli = (dir: string, ...args: string[]) => runCli(dir, args);

const track = removedAfterEach();

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)('crash safety', () => {
  test('SIGKILL at random moments: every file is its original or its complete rewrite; the next run leaves no temp file', async () => {
    const base = track(tempDir('eksm-kill-base-'));
    copyCorpus(base);
    const final = track(tempDir('eksm-kill-final-'));
    fs.cpSync(base, final, { recursive: true });
    spawnSync(process.execPath, [BIN, '--allow-dirty', '.'], { cwd: final });
    const files = allFiles(base);
    const before = new Map(files.map((f) => [f, hash(path.join(base, f))]));
    const after = new Map(files.map((f) => [f, hash(path.join(final, f))]));
    expect([...after].filter(([f, h]) => before.get(f) !== h).length).toBeGreaterThan(30);
    const changing = [...after].filter(([f, h]) => before.get(f) !== h).map(([f]) => f);
    let torn = 0;
    let killedMidway = 0;
    for (let i = 0; i < 8; i++) {
      const work = track(tempDir('eksm-kill-run-'));
      fs.cpSync(base, work, { recursive: true });
      const stamp = new Map(changing.map((f) => [f, fs.statSync(path.join(work, f)).mtimeMs]));
      const child = spawn(process.execPath, [BIN, '--allow-dirty', '.'], { cwd: work, stdio: 'ignore' });
      // listened for from the start: a run that ends before the kill must not leave the test waiting forever
      const exited = new Promise((r) => child.on('exit', r));
      if (i % 2 === 0) {
        // at a random moment
        await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 1500)));
      } else {
        // as soon as the first rewrite lands: in the middle of the writes
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && !changing.some((f) => fs.statSync(path.join(work, f)).mtimeMs !== stamp.get(f))) await new Promise((r) => setTimeout(r, 1));
      }
      child.kill('SIGKILL');
      await exited;
      const done = changing.filter((f) => hash(path.join(work, f)) === after.get(f)).length;
      if (done > 0 && done < changing.length) killedMidway++;
      for (const f of files) {
        const h = hash(path.join(work, f));
        if (h !== before.get(f) && h !== after.get(f)) torn++;
      }
      spawnSync(process.execPath, [BIN, '--allow-dirty', '.'], { cwd: work });
      expect(fs.readdirSync(work, { recursive: true }).map(String).filter((f) => f.includes('.eks-migrate-tmp-'))).toEqual([]);
      for (const f of files) expect(`${f} ${hash(path.join(work, f)) === after.get(f)}`).toBe(`${f} true`);
    }
    expect(torn).toBe(0);
    expect(killedMidway).toBeGreaterThan(0); // the kills did land between two writes
    console.log(`crash safety: 8 runs killed (${killedMidway} between the first and the last write), torn files: ${torn}`);
  }, 180_000);
});

describe('hostile inputs', () => {
  test('a symlink loop and a link out of the tree: reported or left, never followed', async () => {
    const dir = track(tempDir());
    fs.writeFileSync(path.join(dir, 'main.tf'), 'bootstrap_extra_args = "--container-runtime containerd"\n');
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'up')); // a folder link back up: not walked
    const outside = track(tempDir());
    const body = 'bootstrap_extra_args = "--container-runtime containerd --v=2"\n';
    fs.writeFileSync(path.join(outside, 'other.tf'), body);
    fs.symlinkSync(path.join(outside, 'other.tf'), path.join(dir, 'sub', 'other.tf')); // a file link out of the tree
    fs.symlinkSync(outside, path.join(dir, 'elsewhere')); // a folder link out of the tree
    const r = await cli(dir, '--rules', 'container-runtime-flag');
    expect(r.stderr).toMatch(/^loop: error: broken symbolic link \(ELOOP\)/m);
    expect(r.code).toBe(4);
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).toBe(''); // the line held only the flag
    expect(fs.readFileSync(path.join(outside, 'other.tf'), 'utf8')).toBe(body);
    expect(fs.lstatSync(path.join(dir, 'sub', 'other.tf')).isSymbolicLink()).toBe(true);
  });

  test('files above the size limit are reported and skipped; --max-file-size sets the limit', async () => {
    const dir = track(tempDir());
    fs.writeFileSync(path.join(dir, 'big.tf'), `# ${'x'.repeat(200_000)}\nbootstrap_extra_args = "--container-runtime containerd"\n`);
    const r = await cli(dir, '--max-file-size', '0.1', '--rules', 'container-runtime-flag');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^big\.tf: error: 0\.2 MiB is more than eks-migrate reads \(0\.1 MiB, see --max-file-size\); skipped/m);
    expect(fs.readFileSync(path.join(dir, 'big.tf'), 'utf8')).toContain('--container-runtime');
    const ok = await cli(dir, '--rules', 'container-runtime-flag');
    expect(ok.code).toBe(0);
  });

  test('a BOM stays, in HCL and YAML', async () => {
    const dir = track(tempDir());
    fs.writeFileSync(path.join(dir, 'a.tf'), '\ufeffmodule "x" {\n  bootstrap_extra_args = "--container-runtime containerd --v=2"\n}\n');
    fs.writeFileSync(path.join(dir, 'p.yaml'), '\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: k8s.gcr.io/pause:3.9}]\n');
    await cli(dir, '--rules', 'container-runtime-flag,registry-k8s-io');
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toBe('\ufeffmodule "x" {\n  bootstrap_extra_args = "--v=2"\n}\n');
    expect(fs.readFileSync(path.join(dir, 'p.yaml'), 'utf8')).toBe('\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: registry.k8s.io/pause:3.9}]\n');
  });

  test('a YAML alias bomb: bounded work and memory', async () => {
    const dir = track(tempDir());
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), `${levels.join('\n')}\nimage: k8s.gcr.io/pause:3.9\nkind: ClusterConfig\napiVersion: eksctl.io/v1alpha5\n`);
    const started = Date.now();
    const before = process.memoryUsage().heapUsed;
    const r = await cli(dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    expect(r.code).not.toBe(1);
    expect(fs.readFileSync(path.join(dir, 'bomb.yaml'), 'utf8')).toContain('registry.k8s.io/pause');
  });

  test('deep nesting and very long lines: no stack overflow, plain handling', async () => {
    const dir = track(tempDir());
    fs.writeFileSync(path.join(dir, 'deep.yaml'), `${'['.repeat(20_000)}k8s.gcr.io/x${']'.repeat(20_000)}\n`);
    // the string is the whole value of its key (an element of a list would be a fragment, reported and not edited)
    fs.writeFileSync(path.join(dir, 'deep.tf'), `x = ${'{ a = '.repeat(5_000)}"--container-runtime containerd"${' }'.repeat(5_000)}\n`);
    fs.writeFileSync(path.join(dir, 'long.yaml'), `image: k8s.gcr.io/pause:3.9 # ${'y'.repeat(2_000_000)}\n`);
    // valid YAML, 3,000 block levels deep: a clear depth message, not the reader's stack overflow
    fs.writeFileSync(path.join(dir, 'blocks.yaml'), `image: k8s.gcr.io/pause:3.9\nnested:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}${'  '.repeat(3001)}b: 1\n`);
    fs.writeFileSync(path.join(dir, 'long.sh'), `/etc/eks/bootstrap.sh c --container-runtime containerd ${'--x=1 '.repeat(200_000)}\n`);
    const r = await cli(dir, '--rules', 'container-runtime-flag,registry-k8s-io');
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/^deep\.tf: error: edits not applied: .*nested 5000 levels deep, more than HashiCorp's parser can check/m);
    expect(r.code).not.toBe(1);
    expect(r.stderr).not.toMatch(/maximum call stack/i);
    expect(r.stderr).toMatch(/^blocks\.yaml:\d+:\d+: error: does not parse: nested too deeply for eks-migrate's YAML reader \(about 300\d levels\)/m);
    expect(fs.readFileSync(path.join(dir, 'long.yaml'), 'utf8').startsWith('image: registry.k8s.io/pause:3.9 # y')).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'long.sh'), 'utf8').startsWith('/etc/eks/bootstrap.sh c --x=1 ')).toBe(true);
  });

  test('a file that changes on disk while eks-migrate works on it is not overwritten; it is reported', async () => {
    const dir = track(tempDir());
    const body = 'bootstrap_extra_args = "--container-runtime containerd --v=2"\n';
    fs.writeFileSync(path.join(dir, 'a.tf'), body);
    fs.writeFileSync(path.join(dir, 'b.tf'), body);
    const r = await run({
      paths: ['.'], cwd: dir, mode: 'apply', rules: ['container-runtime-flag'], options: OPTIONS, allowDirty: true,
      // when the last file has been read, someone else edits the first one
      onProgress: (done, total) => {
        if (done === total) fs.appendFileSync(path.join(dir, 'a.tf'), '# edited meanwhile\n');
      },
    });
    expect(r.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual(['a.tf: changed on disk while eks-migrate was working on it; left as it is now (run again)']);
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toBe(`${body}# edited meanwhile\n`);
    expect(fs.readFileSync(path.join(dir, 'b.tf'), 'utf8')).toBe('bootstrap_extra_args = "--v=2"\n');
  });
});
