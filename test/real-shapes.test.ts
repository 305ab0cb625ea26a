/**
 * Real-world shapes (issue 15), end to end through the CLI: prose is not a script, encrypted files are a note,
 * Terraform-templated YAML is a template, a module takes its caller's version, terraform-aws-eks inputs per major
 * version, bootstrap calls across template directives; and properties that would have caught the wrong edits.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { runInMemory } from './helpers/rule-tester';
import { RULES } from '../transforms';

const track = removedAfterEach();
const A = ['--target', '1.27', '--today', '2023-09-01'];
const CALL = "/etc/eks/bootstrap.sh prod --container-runtime containerd --kubelet-extra-args '--max-pods=58'\n";
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

test('prose is not edited; scripts are recognised by a shebang or a MIME header', async () => {
  const files = {
    README: `Nodes join with\n\n    ${CALL}`,
    'CHANGELOG.txt': `- fixed the ${CALL}`,
    'fix.patch': `--- a/x.sh\n+++ b/x.sh\n@@ -1 +1 @@\n-${CALL}+${CALL}`,
    NOTES: CALL,
    'node-init': `#!/bin/bash\n${CALL}`,
    'userdata.txt': `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n${CALL}\n--B--\n`,
  };
  const dir = track(gitRepo(files));
  const r = await runCli(dir, [...A, '--rules', 'container-runtime-flag', '.']);
  expect(r.code).not.toBe(1);
  for (const f of ['README', 'CHANGELOG.txt', 'fix.patch', 'NOTES']) expect(`${f}: ${read(dir, f)}`).toBe(`${f}: ${files[f as keyof typeof files]}`);
  expect(read(dir, 'node-init')).not.toMatch(/--container-runtime/);
  expect(read(dir, 'userdata.txt')).not.toMatch(/--container-runtime/);
});

test('a git-crypt file is skipped with a note (not an error); --check stays usable', async () => {
  const dir = track(gitRepo({ 'secrets.tfvars': Buffer.concat([Buffer.from('\0GITCRYPT\0', 'latin1'), Buffer.from([0x8a, 0x01, 0xff, 0x00, 0x42])]), 'main.tf': 'locals {\n  a = 1\n}\n' }));
  const r = await runCli(dir, [...A, '--check', '.']);
  expect(r.stderr).toMatch(/^secrets\.tfvars: note: encrypted \(git-crypt\); skipped/m);
  expect(r.code).toBe(0);
  const j = JSON.parse((await runCli(dir, [...A, '--dry-run', '--format', 'json', '.'])).stdout);
  expect(j.errors).toEqual([expect.objectContaining({ file: 'secrets.tfvars', code: 'encrypted', fatal: false })]);
});

test('YAML with Terraform interpolations that does not parse is a template: looked at as text, not an error', async () => {
  const values = 'image:\n  repository: k8s.gcr.io/provider-aws/aws-ebs-csi-driver\nzones: [${azs}a]\nregion: ${region}\n';
  const dir = track(gitRepo({ 'values.yaml': values }));
  const r = await runCli(dir, [...A, '.']);
  expect(r.code).not.toBe(4);
  expect(r.stderr).toMatch(/values\.yaml:3:\d+: note: a template, not YAML/);
  expect(read(dir, 'values.yaml')).toBe(values.replace('k8s.gcr.io', 'registry.k8s.io'));
});

test('a local module takes the version of the root that calls it (the version guard holds across modules)', async () => {
  const ng = 'module "workers" {\n  source               = "terraform-aws-modules/eks/aws//modules/self-managed-node-group"\n  bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=29\'"\n}\n';
  const dir = track(gitRepo({
    'main.tf': 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  cluster_version = "1.23"\n}\n\nmodule "ng" {\n  source = "./modules/ng"\n}\n',
    'modules/ng/main.tf': ng,
  }));
  const r = await runCli(dir, [...A, '.']);
  expect(read(dir, 'modules/ng/main.tf')).toBe(ng);
  expect(r.stdout).toMatch(/^modules\/ng\/main\.tf:3:\d+ +manual +container-runtime-flag +kept .*1\.23/m);
  // named alone, the module has no caller inside what was named: nothing above it is read
  const alone = await runCli(dir, [...A, '--dry-run', 'modules/ng']);
  expect(alone.stdout).toMatch(/removed `--container-runtime containerd`/);
});

test('terraform-aws-eks v18 has no kubelet_extra_args: nothing added there, a finding says the input does nothing', async () => {
  const tf = 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 18.31"\n  cluster_version = "1.26"\n  eks_managed_node_groups = {\n    a = {\n      kubelet_extra_args = "--max-pods=110"\n    }\n  }\n}\n';
  const dir = track(gitRepo({ 'main.tf': tf }));
  const r = await runCli(dir, [...A, '.']);
  expect(read(dir, 'main.tf')).toBe(tf.replace('"1.26"', '"1.27"'));
  expect(r.stdout).toMatch(/main\.tf:7:\d+ +manual +kubelet-seccomp-default +kubelet_extra_args is not an input of terraform-aws-eks v18/);
});

test('a bootstrap call continued across %{ if } directives is not edited; each rule says so', async () => {
  const tpl = "#!/bin/bash\n%{ if gpu ~}\n/etc/eks/bootstrap.sh ${name} --container-runtime containerd --use-max-pods false \\\n%{ else ~}\n/etc/eks/bootstrap.sh ${name} --container-runtime containerd \\\n%{ endif ~}\n  --b64-cluster-ca '${ca}'\n";
  const dir = track(gitRepo({ 'userdata.tpl': tpl }));
  const r = await runCli(dir, [...A, '.']);
  expect(read(dir, 'userdata.tpl')).toBe(tpl);
  expect(r.stdout).toMatch(/userdata\.tpl:3:1 +manual +kubelet-seccomp-default +the bootstrap\.sh call in userdata\.tpl runs across template directives/);
  expect(r.stdout).toMatch(/userdata\.tpl:3:\d+ +manual +container-runtime-flag/);
});

const flagRules = RULES.filter((r) => ['container-runtime-flag', 'kubelet-removed-flags', 'kubelet-seccomp-default', 'kubelet-api-qps'].includes(r.meta.id));

test('property: no edit leaves an empty element in an HCL list of flags', async () => {
  const piece = fc.constantFrom('"--container-runtime"', '"containerd"', '"--container-runtime containerd"', '"--kubelet-extra-args"', "\"'--max-pods=20'\"", '"--v=2"', 'var.x');
  await fc.assert(fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 5 }), async (els) => {
    const code = `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  self_managed_node_groups = {\n    a = { bootstrap_extra_args = join(" ", [${els.join(', ')}]) }\n  }\n}\n`;
    const r = await runInMemory(flagRules, 'main.tf', code, {}, { target: '1.27', today: '2026-11-28' });
    return !/(\[|, )""(,|\])/.test(r.output) && !/\[\s*,|,\s*,|,\s*\]/.test(r.output);
  }), { numRuns: 80 });
});

test('property: no insertion right after a %{ directive in a template', async () => {
  const line = fc.constantFrom('%{ if a ~}', '%{ else ~}', '%{ endif ~}', '%{ if b }', '%{ endif }', "/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=9' \\", '/etc/eks/bootstrap.sh c \\', "  --b64-cluster-ca '${ca}' \\", '  --apiserver-endpoint e', 'echo hi');
  await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 7 }), async (lines) => {
    const code = `#!/bin/bash\n${lines.join('\n')}\n`;
    const r = await runInMemory(flagRules, 'userdata.tpl', code, {}, { target: '1.27', today: '2026-11-28' });
    // an insertion after a directive shows as a new line that starts with a flag (rendered, it follows the directive)
    // (a new line of flags is right only as the continuation of a command line, never after a directive line)
    const before = new Set(code.split('\n'));
    const out = r.output.split('\n');
    return out.every((l, i) => !/^\s*-/.test(l) || before.has(l) || (i > 0 && /\\\s*$/.test(out[i - 1]) && !/^\s*%\{/.test(out[i - 1])));
  }), { numRuns: 120 });
});

test('a module whose version comes from its caller says what happens at the caller', async () => {
  const mod = 'variable "cluster_version" {\n  type = string\n}\n\nresource "aws_eks_cluster" "this" {\n  name    = "x"\n  version = var.cluster_version\n}\n';
  const files = (v: string) => ({ 'main.tf': `module "eks" {\n  source          = "./modules/eks"\n  cluster_version = "${v}"\n}\n`, 'modules/eks/main.tf': mod });
  const bumped = track(gitRepo(files('1.26')));
  const a = await runCli(bumped, [...A, '--dry-run', '--verbose', '.']);
  expect(a.stdout).toMatch(/modules\/eks\/main\.tf:7:\d+ +info +cluster-version +.*takes the version of its caller \(\.\.\/\.\.\/ sets 1\.26\), which eks-migrate bumps to 1\.27 there/);
  const kept = track(gitRepo(files('1.24')));
  const b = await runCli(kept, [...A, '--dry-run', '--verbose', '.']);
  expect(b.stdout).toMatch(/modules\/eks\/main\.tf:7:\d+ +info +cluster-version +.*sets 1\.24\), which eks-migrate does not bump to 1\.27 in this run/);
});
