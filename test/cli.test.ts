/**
 * The CLI as a user runs it, in a temporary git repository: dry-run, --check, --patch with git apply, in place,
 * exit codes, bad input. Most cases call main() in-process; the last ones spawn the built bin.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { git, gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { tempDir } from './helpers/fixtures';

const ROOT = path.join(__dirname, '..');

const V18 = `module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.26"
  self_managed_node_groups = {
    default = {
      bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
    }
  }
}
`;
const ARTICLE_TF = `module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.26"
  node_groups = {
    eks_nodes = {
      additional_userdata  = "echo foo bar"
      bootstrap_extra_args = "--container-runtime=your-runtime"
    }
  }
}
`;
// the article's eksctl snippet as published: not valid YAML
const ARTICLE_BAD_YAML = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: ap-northeast-1
nodeGroups:
- name: your-nodegroup-name
  instanceType: m5.large 
  desiredCapacity: 3
  minSize: 1 maxSize: 4
  kubeletExtraConfig:
   container-runtime:"your-runtime "
`;

const repo = (files: Record<string, string | Buffer>) => gitRepo(files);
const status = (dir: string) => git(dir, 'status', '--porcelain');
const cli = (dir: string, ...args: string[]) => runCli(dir, args);

const track = removedAfterEach();

describe('eks-migrate CLI', () => {
  test('--dry-run prints a unified diff and a summary, writes nothing, exits 2', async () => {
    const dir = track(repo({ 'main.tf': V18 }));
    const r = await cli(dir, '--dry-run', '--rules', 'container-runtime-flag');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("-      bootstrap_extra_args = \"--container-runtime containerd --kubelet-extra-args '--max-pods=20'\"");
    expect(r.stdout).toContain("+      bootstrap_extra_args = \"--kubelet-extra-args '--max-pods=20'\"");
    expect(r.stdout).toMatch(/1 file to change \(1 edit\)/);
    expect(status(dir)).toBe('');
  });

  test('--check exits 2 while edits are pending and 0 once applied; it never writes', async () => {
    const dir = track(repo({ 'main.tf': V18 }));
    expect((await cli(dir, '--check')).code).toBe(2);
    expect(status(dir)).toBe('');
    expect((await cli(dir)).code).toBe(0);
    expect(status(dir)).toBe(' M main.tf\n');
    expect((await cli(dir, '--check')).code).toBe(0);
  });

  test('--patch writes a patch that git apply takes and that equals the in-place result', async () => {
    const crlf = V18.replace(/\n/g, '\r\n');
    const dir = track(repo({ 'a/main.tf': V18, 'b/crlf.tf': crlf, 'c/nonl.tf': ARTICLE_TF.trimEnd(), 'cluster.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x}\nnodeGroups:\n  - name: a\n    containerRuntime: containerd' }));
    const patch = path.join(dir, '..', `${path.basename(dir)}.patch`);
    track(patch);
    const r = await cli(dir, '--patch', patch);
    expect(r.code).toBe(3); // edits pending (2), and the article's managed node group needs manual work (3)
    expect(status(dir)).toBe('');
    git(dir, 'apply', '--check', patch);
    git(dir, 'apply', patch);
    const viaPatch = git(dir, 'diff');
    git(dir, 'checkout', '--', '.');
    expect((await cli(dir)).code).toBe(3); // applied; the manual finding stays
    expect(git(dir, 'diff')).toBe(viaPatch);
    const out = fs.readFileSync(path.join(dir, 'b/crlf.tf'), 'utf8');
    expect(out).not.toContain('--container-runtime');
    expect(out.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'c/nonl.tf'), 'utf8').endsWith('}')).toBe(true);
  });

  test('--patch - writes the patch to standard output', async () => {
    const dir = track(repo({ 'main.tf': V18 }));
    const r = await cli(dir, '--patch', '-');
    expect(r.stdout).toMatch(/^diff --git a\/main\.tf b\/main\.tf\n--- a\/main\.tf\n\+\+\+ b\/main\.tf\n@@ /);
    expect(r.stderr).toMatch(/1 file to change/);
  });

  test('the article: the bootstrap_extra_args line is deleted and nothing else changes', async () => {
    const dir = track(repo({ 'main.tf': ARTICLE_TF }));
    await cli(dir, '--rules', 'container-runtime-flag');
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).toBe(ARTICLE_TF.replace('      bootstrap_extra_args = "--container-runtime=your-runtime"\n', ''));
  });

  test('malformed YAML: exit 4, path:line:column, no stack trace, file untouched, other files still fixed', async () => {
    const dir = track(repo({ 'cluster.yaml': ARTICLE_BAD_YAML, 'main.tf': ARTICLE_TF }));
    const r = await cli(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^cluster\.yaml:10:12: error: does not parse: Nested mappings are not allowed in compact mappings/m);
    expect(r.all).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    expect(fs.readFileSync(path.join(dir, 'cluster.yaml'), 'utf8')).toBe(ARTICLE_BAD_YAML);
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).not.toContain('--container-runtime');
  });

  test('malformed HCL: HashiCorp parser message with line and column, exit 4', async () => {
    const dir = track(repo({ 'bad.tf': 'module "x" {\n  bootstrap_extra_args = "--container-runtime containerd\n}\n', 'main.tf': V18 }));
    const r = await cli(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^bad\.tf:2:\d+: error: does not parse: .*(string|template)/im);
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).not.toContain('--container-runtime');
  });

  test('binary, non-UTF-8 and NUL files: a clear error, exit 4, the rest processed', async () => {
    const dir = track(repo({ 'blob.tf': Buffer.from([0x6d, 0x6f, 0x00, 0xff, 0xfe]), 'latin1.tf': Buffer.from('x = "caf\xe9 --container-runtime"\n', 'latin1'), 'main.tf': V18 }));
    const r = await cli(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^blob\.tf: error: binary content/m);
    expect(r.stderr).toMatch(/^latin1\.tf: error: not valid UTF-8/m);
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).not.toContain('--container-runtime');
  });

  test('broken symbolic link: reported, exit 4; links are not followed', async () => {
    const dir = track(repo({ 'main.tf': V18 }));
    const outside = track(tempDir('eksm-outside-'));
    fs.writeFileSync(path.join(outside, 'o.tf'), V18);
    fs.symlinkSync(path.join(outside, 'o.tf'), path.join(dir, 'link.tf'));
    fs.symlinkSync(path.join(dir, 'nowhere.tf'), path.join(dir, 'dangling.tf'));
    const r = await cli(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^dangling\.tf: error: broken symbolic link/m);
    expect(fs.readFileSync(path.join(outside, 'o.tf'), 'utf8')).toBe(V18);
    expect(fs.lstatSync(path.join(dir, 'link.tf')).isSymbolicLink()).toBe(true);
  });

  test('manual findings exit 3; parse errors win with 4', async () => {
    const guarded = 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_version = "1.23"\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n';
    const dir = track(repo({ 'old.tf': guarded }));
    const r = await cli(dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^old\.tf:4:27  manual   container-runtime-flag  kept `--container-runtime containerd`.*1\.23/m);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), ARTICLE_BAD_YAML);
    expect((await cli(dir)).code).toBe(4);
  });

  test('a Helm template that is not YAML is not parsed when no rule wants it', async () => {
    const dir = track(repo({ 'chart/Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.2.3\n', 'chart/templates/cm.yaml': '{{- if semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion -}}\nkind: ConfigMap\n{{- end }}\n' }));
    const r = await cli(dir, '--check');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('nothing to do: exit 0 and the files keep their bytes', async () => {
    const dir = track(repo({ 'main.tf': 'module "eks" {\n  source = "x"\n}\n' }));
    const r = await cli(dir, '--check');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 files to change/);
  });

  test('.gitignore, --ignore, node_modules, .terraform and .git are skipped', async () => {
    const dir = track(repo({ '.gitignore': 'generated/\n*.bak.tf\n', 'generated/a.tf': V18, 'x.bak.tf': V18, 'node_modules/m/a.tf': V18, '.terraform/modules/a.tf': V18, 'vendor/v.tf': V18, 'sub/.gitignore': 'local.tf\n', 'sub/local.tf': V18, 'sub/kept.tf': V18 }));
    const r = await cli(dir, '--dry-run', '--ignore', 'vendor/**');
    expect(r.stdout.match(/^diff --git .*$/gm)).toEqual(['diff --git a/sub/kept.tf b/sub/kept.tf']);
  });

  test('paths: files and folders, relative to the working folder', async () => {
    const dir = track(repo({ 'a/main.tf': V18, 'b/main.tf': V18 }));
    const r = await cli(path.join(dir, 'a'), '--dry-run', '.', '../b/main.tf');
    expect(r.stdout).toContain('diff --git a/a/main.tf b/a/main.tf');
    expect(r.stdout).toContain('diff --git a/b/main.tf b/b/main.tf');
    expect(r.stdout).toMatch(/^main\.tf:6:31  fixable  container-runtime-flag/m);
    expect(r.stdout).toMatch(/^\.\.\/b\/main\.tf:6:31  fixable  container-runtime-flag/m);
  });

  test('--rules and --target choose the rules', async () => {
    const dir = track(repo({ 'main.tf': V18, 'c.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x}\nnodeGroups:\n  - name: a\n    containerRuntime: containerd\n' }));
    expect((await cli(dir, '--dry-run', '--rules', 'eksctl-container-runtime')).stdout).not.toContain('main.tf');
    expect((await cli(dir, '--dry-run', '--target', '1.26')).code).toBe(0);
    const bad = await cli(dir, '--rules', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown rule: nope/);
    expect((await cli(dir, '--dry-run', '--target', 'latest')).code).not.toBe(1); // a target word: the newest version known
    expect((await cli(dir, '--target', 'newest')).code).toBe(1);
    expect((await cli(dir, '--check', '--dry-run')).code).toBe(1);
    expect((await cli(dir, '--no-such-option')).code).toBe(1);
    expect(status(dir)).toBe('');
  });

  test('in place keeps the file mode', async () => {
    const dir = track(repo({ 'run.sh': '#!/bin/bash\n/etc/eks/bootstrap.sh c --container-runtime containerd\n' }));
    fs.chmodSync(path.join(dir, 'run.sh'), 0o750);
    git(dir, '-c', 'user.email=t@local', '-c', 'user.name=t', 'commit', '-qam', 'mode');
    await cli(dir, '--rules', 'container-runtime-flag');
    expect(fs.statSync(path.join(dir, 'run.sh')).mode & 0o777).toBe(0o750);
    expect(fs.readFileSync(path.join(dir, 'run.sh'), 'utf8')).toBe('#!/bin/bash\n/etc/eks/bootstrap.sh c\n');
    expect(fs.readdirSync(dir).filter((f) => f.includes('eks-migrate-tmp'))).toEqual([]);
  });

  test('in place refuses files with uncommitted changes unless --allow-dirty, and says which', async () => {
    const dir = track(repo({ 'a.tf': V18, 'b.tf': V18 }));
    fs.appendFileSync(path.join(dir, 'a.tf'), '\n# local edit\n');
    fs.writeFileSync(path.join(dir, 'new.tf'), V18); // untracked: git cannot bring it back either
    const r = await cli(dir, '--rules', 'container-runtime-flag');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^a\.tf: error: has uncommitted changes, so it was not rewritten: .*--allow-dirty/m);
    expect(r.stderr).toMatch(/^new\.tf: error: has uncommitted changes/m);
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toContain('--container-runtime');
    expect(fs.readFileSync(path.join(dir, 'b.tf'), 'utf8')).not.toContain('--container-runtime');
    await cli(dir, '--rules', 'container-runtime-flag', '--allow-dirty');
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).not.toContain('--container-runtime');
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toContain('# local edit');
  });

  test('read-only files are reported and left; the run goes on', async () => {
    const dir = track(repo({ 'ro.tf': V18, 'rw.tf': V18 }));
    fs.chmodSync(path.join(dir, 'ro.tf'), 0o444); // git keeps no write bits: the file stays clean
    // root may write anyway: the permission error the file system gives anyone else is made certain here
    const nodeFs = require('fs') as typeof import('fs'); // the module object itself (the import is a frozen view)
    const real = nodeFs.accessSync;
    const spy = jest.spyOn(nodeFs, 'accessSync').mockImplementation((p, mode) => {
      if (String(p).endsWith('ro.tf') && mode === fs.constants.W_OK) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(p, mode);
    });
    const r = await cli(dir, '--rules', 'container-runtime-flag');
    spy.mockRestore();
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^ro\.tf: error: is read-only/m);
    expect(fs.readFileSync(path.join(dir, 'rw.tf'), 'utf8')).not.toContain('--container-runtime');
  });

  test('a temporary file a killed run left is removed by the next run; a file of the tree is never removed for its name', async () => {
    const dir = track(repo({ 'main.tf': V18, '.eks-migrate-tmp-keep': 'committed' }));
    const cacheDir = track(tempDir('eksm-journal-'));
    const left = path.join(dir, '.eks-migrate-tmp-main.tf-1-deadbeef');
    fs.writeFileSync(left, 'half');
    fs.writeFileSync(path.join(dir, '.eks-migrate-tmp-draft'), 'someone else\'s');
    // the journal of a run that is no longer alive names the file it left
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.mkdirSync(path.join(cacheDir, 'temps'), { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'temps', `${dead}-cafe.temps`), `${left}\n`);
    await cli(dir, '--allow-dirty', '--cache-dir', cacheDir);
    expect(fs.existsSync(left)).toBe(false);
    expect(fs.readdirSync(path.join(cacheDir, 'temps'))).toEqual([]);
    expect(fs.readFileSync(path.join(dir, '.eks-migrate-tmp-keep'), 'utf8')).toBe('committed');
    expect(fs.readFileSync(path.join(dir, '.eks-migrate-tmp-draft'), 'utf8')).toBe('someone else\'s');
  });

  test('the built bin (npm test builds first): exit codes, diff, no stack traces', () => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))).toBe(true);
    const dir = track(repo({ 'article/main.tf': ARTICLE_TF, 'v18/main.tf': V18 }));
    const bin = path.join(ROOT, 'bin', 'eks-migrate.js');
    const dry = spawnSync(process.execPath, [bin, '--dry-run', '--rules', 'container-runtime-flag', '.'], { cwd: dir, encoding: 'utf8' });
    expect(dry.status).toBe(2);
    expect(dry.stdout).toMatch(/^-.*--container-runtime/m);
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: dir, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 nothing left to do/);
    const bad = spawnSync(process.execPath, [bin, '--bogus'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('kubelet and version rules from the command line', () => {
  const CLUSTER = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: us-west-2
  version: "1.26"
nodeGroups:
  - name: plain
    instanceType: m5.large
`;

  test('every run with the seccomp rule says so in the summary, with the warning and the way out', async () => {
    const dir = track(repo({ 'cluster.yaml': CLUSTER }));
    const r = await cli(dir, '--dry-run');
    expect(r.stdout).toMatch(/Note: kubelet-seccomp-default is on: 1 place would turn kubelet's seccomp default on.*RuntimeDefault.*--no-seccomp-default/s);
    expect(r.stdout).toContain('+      seccompDefault: true');
  });

  test('--no-seccomp-default adds no seccomp default and drops the note; QPS still set', async () => {
    const dir = track(repo({ 'cluster.yaml': CLUSTER, 'main.tf': 'module "eks" {\n  source = "x"\n  self_managed_node_groups = { a = { bootstrap_extra_args = "" } }\n}\n' }));
    const r = await cli(dir, '--no-seccomp-default');
    expect(r.stdout).not.toMatch(/kubelet-seccomp-default/);
    const yaml = fs.readFileSync(path.join(dir, 'cluster.yaml'), 'utf8');
    expect(yaml).not.toContain('seccompDefault');
    expect(yaml).toContain('kubeAPIQPS: 50');
    expect(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8')).toContain(`bootstrap_extra_args = "--kubelet-extra-args '--kube-api-qps=50 --kube-api-burst=100'"`);
    expect((await cli(dir, '--rules', 'kubelet-seccomp-default', '--no-seccomp-default', '--check')).stdout).toMatch(/0 files to change/);
  });

  test('the support calendar: dated warnings, and the date is injectable', async () => {
    const dir = track(repo({ 'cluster.yaml': CLUSTER }));
    const late = await cli(dir, '--dry-run', '--rules', 'cluster-version');
    // past the end of extended support (2025-06-11), EKS has already upgraded the cluster: a drift warning
    expect(late.stdout).toMatch(/warning  cluster-version  metadata\.version is 1\.26, but EKS ended extended support for 1\.26 on 2025-06-11 .*on 2026-11-28 this cluster runs at least 1\.32 .*downgrade.*aws eks describe-cluster/);
    const mid = await runCli(dir, ['--dry-run', '--rules', 'cluster-version', '--today', '2025-01-15']); // the last --today wins
    expect(mid.stdout).toMatch(/warning  cluster-version  metadata\.version is 1\.26: 1\.26 left standard support on 2024-06-11; extended support \(extra cost\) ends on 2025-06-11/);
    expect(mid.stdout).not.toMatch(/downgrade/);
    const { stdout } = await runCli(dir, ['--dry-run', '--rules', 'cluster-version', '--today', '2024-01-15']);
    expect(stdout).not.toMatch(/left standard support|downgrade/);
    expect(stdout).toMatch(/bumped metadata\.version 1\.26 → 1\.27/);
  });

  test('--target beyond the calendar is a usage error that lists the known versions', async () => {
    const dir = track(repo({ 'cluster.yaml': CLUSTER }));
    for (const v of ['1.99', '9.99', 'newest']) {
      const r = await cli(dir, '--dry-run', '--target', v);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/knows 1\.21 to 1\.36 \(1\.21, 1\.22, .*1\.36; data\/eks-versions\.json\)/);
    }
  });

  test('a 1.25 cluster is left as it is with the hop finding, exit 3', async () => {
    const dir = track(repo({ 'old.yaml': CLUSTER.replace('"1.26"', '"1.25"') }));
    const r = await cli(dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^old\.yaml:6:13  manual   cluster-version  metadata\.version is 1\.25: .*1\.25 → 1\.26 → 1\.27.*kubelet settings/m);
    expect(fs.readFileSync(path.join(dir, 'old.yaml'), 'utf8')).toBe(CLUSTER.replace('"1.26"', '"1.25"'));
  });
});

describe('eks-migrate graph', () => {
  const cleanGraph = removedAfterEach();
  const files = {
    'shop/main.tf': 'module "c" {\n  source = "./modules/c"\n  v      = var.k8s\n}\nvariable "k8s" {}\n',
    'shop/modules/c/main.tf': 'variable "v" {}\nresource "aws_eks_cluster" "x" {\n  name    = "shop"\n  version = var.v\n}\nresource "aws_eks_addon" "kp" {\n  cluster_name  = aws_eks_cluster.x.name\n  addon_name    = "kube-proxy"\n  addon_version = "v1.33.10-eksbuild.13"\n}\n',
    'shop/env/dev.tfvars': 'k8s = "1.34"\n',
    'shop/env/prod.tfvars': '# Produktion\nk8s = "1.33"\n',
  };

  test('text: each environment with its version and the file:line it is written at; writes nothing', async () => {
    const dir = cleanGraph(gitRepo(files));
    const r = await cli(dir, 'graph');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/environment env\/dev\.tfvars/);
    expect(r.stdout).toMatch(/version 1\.34 {2}shop\/env\/dev\.tfvars:1 /);
    expect(r.stdout).toMatch(/version 1\.33 {2}shop\/env\/prod\.tfvars:2 /);
    expect(r.stdout).toMatch(/add-on kube-proxy v1\.33\.10-eksbuild\.13 {2}shop\/modules\/c\/main\.tf:9/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  test('json: the same facts for tools, with the way each value came', async () => {
    const dir = cleanGraph(gitRepo(files));
    const r = await cli(dir, 'graph', 'shop', '--format', 'json');
    const j = JSON.parse(r.stdout);
    const envs = j.roots[0].environments;
    expect(envs.map((e: { name: string }) => e.name)).toEqual(['env/dev.tfvars', 'env/prod.tfvars']);
    const prod = envs[1].clusters[0];
    expect(prod).toMatchObject({ name: 'shop', address: 'module.c.aws_eks_cluster.x', version: [{ value: '1.33', at: 'shop/env/prod.tfvars:2' }] });
    expect(prod.version[0].via).toEqual(['shop/modules/c/main.tf:4', 'shop/main.tf:3']);
    expect((await cli(dir, 'graph', '--format', 'sarif')).code).toBe(1);
  });
});
