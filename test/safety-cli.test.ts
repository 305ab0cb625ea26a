/**
 * Issue 24 (safety round 3), the command line's share: repeated options, reports that cannot be written, a closed
 * standard output, escaped names, dirty-only runs, UTF-16 files, cache forgery, eks-migrate's own reports in the
 * tree, and inputs that were superlinear (ignore globs, HashiCorp's check on `$(` runs, diffs of many edits).
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { applyPatch } from 'diff';
import { gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { tempDir } from './helpers/fixtures';
import { globMatcher } from '../src/files/glob';
import { linearHunks, unifiedDiff, MAX_MYERS_EDITS } from '../src/files/diff';
import { bareTemplateSigns, hclReferenceError, MAX_CHECK_SIGNS } from '../src/parsers/hcl';
import { mboxPatch } from '../src/report/mbox';

const BIN = path.join(__dirname, '..', 'bin', 'eks-migrate.js');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: k8s.gcr.io/pause:3.9\n';
const CLEAN = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    note: "moved off k8s.gcr.io"\nspec:\n  containers:\n  - name: web\n    image: registry.k8s.io/pause:3.9\n';
const track = removedAfterEach();

describe('options given more than once: the last wins', () => {
  test('--output twice: one complete report in the last file, no internal error', async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    const r = await runCli(dir, ['--format', 'json', '--output', 'r1.json', '--output', 'r2.json', 'pod.yaml']);
    expect(r.all).not.toMatch(/internal error|bug/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r2.json'), 'utf8')).findings.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, 'r1.json'))).toBe(false);
  });

  test('--config twice, --format twice, --cache-dir twice', async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    fs.writeFileSync(path.join(dir, 'c1.yaml'), 'target: "1.27"\n');
    fs.writeFileSync(path.join(dir, 'c2.yaml'), 'target: "1.27"\n');
    const c = await runCli(dir, ['--check', '--config', 'c1.yaml', '--config', 'c2.yaml', 'pod.yaml']);
    expect(c.all).not.toMatch(/internal error|must be of type/);
    expect(c.code).toBe(2);
    const f = await runCli(dir, ['--check', '--format', 'json', '--format', 'sarif', 'pod.yaml']);
    expect(Array.isArray(JSON.parse(f.stdout).runs)).toBe(true);
    await runCli(dir, ['--check', '--cache-dir', 'ca', '--cache-dir', 'cb', 'pod.yaml']);
    expect(fs.existsSync(path.join(dir, 'ca,cb'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'ca'))).toBe(false);
  });

  test('EKS_MIGRATE_TODAY= (empty) counts as unset', async () => {
    const dir = track(gitRepo({ 'pod.yaml': CLEAN }));
    const r = await runCli(dir, ['--check', 'pod.yaml'], { env: { EKS_MIGRATE_TODAY: '' } });
    expect(r.stderr).not.toMatch(/EKS_MIGRATE_TODAY/);
  });
});

describe('reports that cannot be written', () => {
  test('a report that cannot be written names the file, exit 1, no internal error (ENOTDIR)', async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    const r = await runCli(dir, ['--dry-run', '--format', 'json', '--output', 'pod.yaml/report.json', 'pod.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/report\.json \(ENOTDIR\)/);
    expect(r.all).not.toMatch(/internal error|bug/);
  });

  // needs root and tmpfs (as in CI containers); elsewhere only the case above runs
  const full = (() => {
    const m = tempDir('eksm-full-');
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', m]).status !== 0) return undefined;
    return m;
  })();
  (full ? test : test.skip)('a full disk under --output and --patch keeps the previous file (written to a temporary file, then renamed)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m${i}/pod.yaml`] = POD;
    const dir = track(gitRepo(files));
    try {
      fs.writeFileSync(path.join(full!, 'report.json'), '{"previous": "report"}');
      fs.writeFileSync(path.join(full!, 'fix.patch'), 'previous patch');
      try {
        fs.writeFileSync(path.join(full!, 'filler'), Buffer.alloc(60_000));
      } catch {
        /* full */
      }
      const r = await runCli(dir, ['--dry-run', '--format', 'json', '--output', path.join(full!, 'report.json'), '.']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/report\.json \(ENOSPC\)/);
      expect(fs.readFileSync(path.join(full!, 'report.json'), 'utf8')).toBe('{"previous": "report"}');
      const p = await runCli(dir, ['--patch', path.join(full!, 'fix.patch'), '.']);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/fix\.patch \(ENOSPC\)/);
      expect(fs.readFileSync(path.join(full!, 'fix.patch'), 'utf8')).toBe('previous patch');
      expect(fs.readdirSync(full!).sort()).toEqual(['filler', 'fix.patch', 'report.json']);
    } finally {
      spawnSync('umount', ['-l', full!]);
    }
  });

  test('an --ignore glob of 70,000 characters runs normally', async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    const r = await runCli(dir, ['--check', '--ignore', 'x'.repeat(70_000), 'pod.yaml']);
    expect(r.code).toBe(2);
    expect(r.all).not.toMatch(/internal error/);
  });
});

describe('standard output', () => {
  test("a caller that discards the output (Node's stdio 'ignore': /dev/null read-write, as a closed stdout looks) still gets the run", () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    const r = spawnSync(process.execPath, [BIN, '--today', '2026-11-28', 'pod.yaml'], { cwd: dir, stdio: 'ignore' });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).not.toBe(POD);
  });

  test('a reader that goes away (EPIPE): said on standard error, non-zero exit', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`p${i}.yaml`] = POD.replace('name: web', `name: web-${i}`);
    const dir = track(gitRepo(files));
    const r = spawnSync('bash', ['-c', `node "${BIN}" --today 2026-11-28 --no-cache --dry-run . 2>err | true; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'err'), 'utf8')).toMatch(/standard output was closed \(EPIPE\)/);
  });
});

describe('text output escapes file names', () => {
  test('a line break, a C1 control and a tab in a name', async () => {
    const nl = 'a.yaml\nprod.yaml:1:1  fixed    all clear';
    const c1 = 'csi\u009b31mred.yaml';
    const tb = 'tab\there.yaml';
    const dir = track(gitRepo({ [nl]: POD, [c1]: POD, [tb]: POD }));
    const r = await runCli(dir, ['--dry-run', '.']);
    expect(r.all).not.toMatch(/^prod\.yaml:1:1/m);
    expect(r.all).toContain('prod.yaml');
    expect(r.all).not.toContain('\u009b');
    expect(r.all).toContain('31mred.yaml');
    const p = await runCli(dir, ['--patch', 'out.mbox', '--commit', '.']);
    expect(p.code).toBe(2);
    const mail = fs.readFileSync(path.join(dir, 'out.mbox'), 'utf8');
    expect(mail.slice(0, mail.indexOf('diff --git'))).not.toContain('\t');
    expect(mboxPatch).toBeDefined();
  });
});

describe('refusals and encodings', () => {
  test('a run refused only as dirty counts the refusal (exit 3)', async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    fs.appendFileSync(path.join(dir, 'pod.yaml'), '# work in progress\n');
    const r = await runCli(dir, ['--format', 'json', 'pod.yaml']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).totals.refused).toBe(1);
  });

  test('a UTF-16 file is reported as UTF-16, not as binary', async () => {
    const dir = track(gitRepo({ 'export.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')]) }));
    const r = await runCli(dir, ['--check', 'export.yaml']);
    expect(r.stderr).toMatch(/UTF-16/);
    expect(r.stderr).not.toMatch(/NUL byte/);
  });
});

describe('the result cache and own reports', () => {
  test('a cache entry forged to say "no findings" (checksum recomputed) is not trusted', async () => {
    const dir = track(gitRepo({ 'pod.yaml': CLEAN }));
    const cacheDir = track(tempDir('eksm-forge-cache-'));
    await runCli(dir, ['--check', '--cache-dir', cacheDir, '.']);
    fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
    const h = (s: string) => crypto.createHash('sha1').update(s).digest('base64');
    let forged = 0;
    for (const name of fs.readdirSync(cacheDir).filter((n) => n.endsWith('.json'))) {
      const raw = fs.readFileSync(path.join(cacheDir, name), 'utf8');
      const at = raw.indexOf('{');
      const d = JSON.parse(raw.slice(at));
      const e = d.entries?.['pod.yaml'];
      if (!e) continue;
      e.h = h(POD);
      e.findings = [];
      e.diagnostics = [];
      e.sum = h(JSON.stringify(['pod.yaml', e.h, e.deps, e.kind, e.findings, e.diagnostics, e.ruleIds, e.t ?? null]));
      fs.writeFileSync(path.join(cacheDir, name), raw.slice(0, at) + JSON.stringify(d));
      forged++;
    }
    expect(forged).toBeGreaterThan(0);
    const r = await runCli(dir, ['--check', '--cache-dir', cacheDir, '.']);
    expect(r.code).toBe(2);
  });

  test("eks-migrate's own SARIF and JSON reports in the tree are neither rewritten nor reported", async () => {
    const dir = track(gitRepo({ 'pod.yaml': POD }));
    await runCli(dir, ['--check', '--format', 'sarif', '--output', 'eks-migrate.sarif']);
    await runCli(dir, ['--check', '--format', 'json', '--output', 'report.json']);
    const sarif = fs.readFileSync(path.join(dir, 'eks-migrate.sarif'), 'utf8');
    const json = fs.readFileSync(path.join(dir, 'report.json'), 'utf8');
    expect(sarif).toContain('k8s.gcr.io');
    const r = await runCli(dir, ['--allow-dirty', '--format', 'json', '.']);
    expect(fs.readFileSync(path.join(dir, 'eks-migrate.sarif'), 'utf8')).toBe(sarif);
    expect(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(json);
    const files = (JSON.parse(r.stdout).findings as Array<{ file: string }>).map((f) => f.file);
    expect(files).toContain('pod.yaml');
    expect(files.filter((f) => /sarif|report\.json/.test(f))).toEqual([]);
  });
});

describe('bounded work on hostile inputs', () => {
  test('ignore globs match without backtracking (picomatch took minutes on *a*a*a*a*a*a*b)', () => {
    const m = globMatcher('*a*a*a*a*a*a*a*a*b');
    const started = process.hrtime.bigint();
    expect(m('a'.repeat(5000))).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    // the usual globs mean what they meant
    expect(globMatcher('vendor/**')('vendor/a/b.tf')).toBe(true);
    expect(globMatcher('vendor/**')('vendor')).toBe(true);
    expect(globMatcher('**/*.tf')('a/b/c.tf')).toBe(true);
    expect(globMatcher('**/*.tf')('c.tf')).toBe(true);
    expect(globMatcher('*.{tf,yaml}')('x.yaml')).toBe(true);
    expect(globMatcher('*.{tf,yaml}')('x.json')).toBe(false);
    expect(globMatcher('d[0-9].yaml')('d5.yaml')).toBe(true);
    expect(globMatcher('a/*/c')('a/x/y/c')).toBe(false);
    expect(globMatcher('.hidden')('.hidden')).toBe(true);
    expect(() => globMatcher('@(a|b).tf')).toThrow(/extended globs/);
  });

  test("HashiCorp's check is not asked on a file with too many literal $ signs; tree-sitter checks it", async () => {
    const run = (n: number) => `resource "aws_eks_cluster" "this" {\n  version = "1.33"\n  tags = {\n    note = "${'$('.repeat(n)}"\n  }\n}\n`;
    expect(bareTemplateSigns(run(MAX_CHECK_SIGNS + 1))).toBeGreaterThan(MAX_CHECK_SIGNS);
    const started = process.hrtime.bigint();
    expect(await hclReferenceError('big.tf', run(24_000))).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
    expect(await hclReferenceError('bad.tf', `${run(24_000)}resource "x" {\n`)).toMatchObject({ message: expect.stringMatching(/tree-sitter/) });
  });

  test('diffs of many edits are linear, and apply', () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: w-${i}\nspec:\n  containers:\n    - name: main\n      image: k8s.gcr.io/pause:3.9\n`).join('');
    const before = pods(20_000);
    const after = before.replace(/k8s\.gcr\.io/g, 'registry.k8s.io');
    const started = process.hrtime.bigint();
    const d = unifiedDiff('p.yaml', before, after);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(10_000);
    expect(applyPatch(before, d)).toBe(after);
    // small random edits, CRLF and missing final newlines included: the hunks turn one text into the other
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let t = 0; t < 500; t++) {
      const lines = Array.from({ length: rnd(30) }, () => ['a', '}', '', 'x = 1'][rnd(4)] + (rnd(3) ? '' : String(rnd(9))));
      const eol = rnd(3) ? '\n' : '\r\n';
      const a = lines.join(eol) + (rnd(3) ? eol : '');
      const l2 = [...lines];
      for (let e = rnd(5); e > 0; e--) l2.splice(rnd(l2.length + 1), rnd(2), `new${rnd(4)}`);
      const b = l2.join(eol) + (rnd(3) ? eol : '');
      if (a === b) continue;
      const text = ['--- a/f', '+++ b/f', ...linearHunks(a, b).flatMap((h) => [`@@ -${h.oldLines ? h.oldStart : h.oldStart - 1},${h.oldLines} +${h.newLines ? h.newStart : h.newStart - 1},${h.newLines} @@`, ...h.lines])].join('\n') + '\n';
      expect(applyPatch(a, text)).toBe(b);
    }
    expect(MAX_MYERS_EDITS).toBeGreaterThan(0);
  });
});
