/**
 * Safety of what is written and reported (issue 14): hard links are never broken, the owner is kept, and the edits
 * of a file that took several passes, applied to the file as read, give the file as written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeAtomic, WriteRefused } from '../src/files/write';
import { editsBetween } from '../src/util/compose';
import { applyEdits, runOn, tempDir } from './helpers/fixtures';


test('a file with two hard links is refused, and both names keep the old text', () => {
  const dir = tempDir('eksm-hl-');
  try {
    const a = path.join(dir, 'a.tf');
    fs.writeFileSync(a, 'old\n');
    fs.linkSync(a, path.join(dir, 'b.tf'));
    expect(() => writeAtomic(a, 'new\n')).toThrow(WriteRefused);
    expect(fs.readFileSync(path.join(dir, 'b.tf'), 'utf8')).toBe('old\n');
    expect(fs.statSync(a).nlink).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.tf', 'b.tf']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

(process.getuid?.() === 0 ? test : test.skip)('as root, a rewrite keeps the owner, group and mode of a file another user owns', () => {
  const dir = tempDir('eksm-own-');
  try {
    const f = path.join(dir, 'x.tf');
    fs.writeFileSync(f, 'old\n', { mode: 0o640 });
    fs.chownSync(f, 65534, 65534);
    writeAtomic(f, 'new\n');
    const st = fs.statSync(f);
    expect([st.uid, st.gid, st.mode & 0o777, fs.readFileSync(f, 'utf8')]).toEqual([65534, 65534, 0o640, 'new\n']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('editsBetween gives the edits from one text to another', () => {
  const a = 'a\nb\nc\nd\n';
  const b = 'a\nB\nc\nd\ne\n';
  expect(applyEdits(a, editsBetween(a, b))).toBe(b);
  expect(editsBetween(a, a)).toEqual([]);
});

test('a file that takes two passes: its reported edits applied to the file as read give the file as written', async () => {
  const dir = tempDir('eksm-passes-');
  try {
    // the kubelet rules add to bootstrap_extra_args, then container-runtime-flag takes the flag out of the result
    const text = 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  cluster_version = "1.26"\n  self_managed_node_groups = {\n    a = {\n      bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=20\'"\n    }\n  }\n}\n';
    fs.writeFileSync(path.join(dir, 'main.tf'), text);
    const r = await runOn(dir, undefined, { mode: 'dry-run' });
    const res = r.results.find((x) => x.path === 'main.tf')!;
    expect(res.output).not.toBe(text);
    expect(applyEdits(text, res.findings.flatMap((f) => f.edits ?? []))).toBe(res.output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('two rules making the same edit in one pass: it is reported once, and the reported edits give the file as written', async () => {
  const dir = tempDir('eksm-same-edit-');
  try {
    // al2023-nodes moves the AL2 group in place and drops its bootstrap_extra_args; container-runtime-flag drops the
    // same attribute, the flag being all it held: one deletion, made once
    const text = 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "20.8.4"\n  cluster_version = "1.32"\n  self_managed_node_groups = {\n    system = {\n      ami_type             = "AL2_x86_64"\n      bootstrap_extra_args = "--container-runtime containerd"\n    }\n  }\n}\n';
    fs.writeFileSync(path.join(dir, 'main.tf'), text);
    const r = await runOn(dir, ['al2023-nodes', 'container-runtime-flag'], { mode: 'dry-run', options: { target: '1.33', seccompDefault: true, today: '2026-11-30' } });
    const res = r.results.find((x) => x.path === 'main.tf')!;
    expect(res.output).not.toContain('bootstrap_extra_args');
    const byRule = new Set(res.findings.filter((f) => f.severity === 'fix').map((f) => f.ruleId));
    expect(byRule).toEqual(new Set(['al2023-nodes', 'container-runtime-flag']));
    expect(applyEdits(text, res.findings.flatMap((f) => f.edits ?? []))).toBe(res.output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a save that lands after the last read is kept: the rename is refused when the file is no longer the one read', () => {
  const dir = tempDir('eksm-race-');
  try {
    const f = path.join(dir, 'x.yaml');
    fs.writeFileSync(f, 'a: 1\n');
    const read = fs.statSync(f);
    fs.appendFileSync(f, '# saved by the user\n'); // the editor's save, after eks-migrate read the file
    expect(() => writeAtomic(f, 'a: 2\n', undefined, read)).toThrow(/changed on disk/);
    expect(fs.readFileSync(f, 'utf8')).toBe('a: 1\n# saved by the user\n');
    expect(fs.readdirSync(dir)).toEqual(['x.yaml']);
    writeAtomic(f, 'a: 2\n', undefined, fs.statSync(f)); // read again: written
    expect(fs.readFileSync(f, 'utf8')).toBe('a: 2\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
