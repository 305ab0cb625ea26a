/**
 * Reports and integrations: JSON shape and statuses, SARIF against the official 2.1.0 schema, the git am mail,
 * rules / explain, the config file, inline suppressions, quiet / verbose / colour.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeIf } from './helpers/corpus';
import { parse as parseYaml } from 'yaml';
import { git, gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { newestKnown, RELEASE_DATA_AS_OF } from '../src/eks/versions';

const SARIF_SCHEMA = path.join(__dirname, '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

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
const repo = (files: Record<string, string>) => gitRepo(files, 'eksm-rep-');
const cli = (dir: string, args: string[], tty = false, env: NodeJS.ProcessEnv = {}) => runCli(dir, args, { tty, env });
const track = removedAfterEach();

describe('JSON report', () => {
  test('one versioned shape: findings with location, rule, severity, status, message and edits; errors; totals', async () => {
    const dir = track(repo({ 'main.tf': V18, 'bad.yaml': 'a: [\n' , 'cluster.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, version: "1.25"}\n' }));
    const r = await cli(dir, ['--dry-run', '--format', 'json', '--rules', 'container-runtime-flag,cluster-version']);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.tool).toEqual({ name: 'eks-migrate', version: expect.any(String) });
    // the calendar the run used: its newest as-of date and newest version
    expect(j.calendar).toEqual({ asOf: RELEASE_DATA_AS_OF, newest: newestKnown() });
    expect(j.calendar.asOf).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(j.target).toBe('1.27');
    expect(j.mode).toBe('dry-run');
    const fix = j.findings.find((f: { ruleId: string }) => f.ruleId === 'container-runtime-flag');
    expect(fix).toMatchObject({ file: 'main.tf', line: 6, column: 31, endLine: 6, endColumn: 61, severity: 'fix', status: 'fixable' });
    expect(fix.edits[0]).toMatchObject({ start: { line: 6, column: 31 }, text: '' });
    expect(j.findings.some((f: { status: string; file: string }) => f.status === 'manual' && f.file === 'cluster.yaml')).toBe(true);
    expect(j.errors).toEqual([]);
    expect(j.totals).toMatchObject({ filesChanged: 1, manual: 1 });
    // the report is on stdout; the summary reaches stderr
    expect(r.stderr).toMatch(/1 file to change/);
  });

  test('statuses follow the run: fixed when written, skipped when suppressed; errors carry file, line and code', async () => {
    const dir = track(repo({ 'main.tf': V18, 'keep.tf': 'module "x" {\n  # eks-migrate-ignore container-runtime-flag: this AMI still needs it\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n', 'bad.tf': 'bootstrap_extra_args = "\n' }));
    const out = path.join(dir, '..', `${path.basename(dir)}.json`);
    track(out);
    const r = await cli(dir, ['--format', 'json', '--output', out, '--rules', 'container-runtime-flag']);
    expect(r.stdout).toBe('');
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(j.findings.map((f: { file: string; status: string }) => `${f.file} ${f.status}`).sort()).toEqual(['keep.tf skipped', 'main.tf fixed']);
    expect(j.findings.find((f: { file: string }) => f.file === 'keep.tf').suppression).toBe('this AMI still needs it');
    expect(j.errors).toEqual([expect.objectContaining({ file: 'bad.tf', line: 1, code: 'parse-error', fatal: true })]);
    expect(j.totals.suppressed).toBe(1);
    expect(r.code).toBe(4);
  });
});

describeIf(fs.existsSync(SARIF_SCHEMA), `the SARIF schema (${SARIF_SCHEMA})`)('SARIF report', () => {
  test('valid against the official SARIF 2.1.0 schema, with rules, regions and fixes', async () => {
    const dir = track(repo({ 'main.tf': V18, 'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: k8s.gcr.io/pause:3.9}\n' }));
    const r = await cli(dir, ['--dry-run', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    const Ajv4 = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv4({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('registry-k8s-io');
    expect(run.tool.driver.rules[0]).toMatchObject({ shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) }, helpUri: expect.stringMatching(/^file:\/\/.*README\.md$/) });
    const reg = run.results.find((x: { ruleId: string }) => x.ruleId === 'registry-k8s-io');
    expect(reg.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'k8s/pod.yaml' }, region: { startLine: 6, startColumn: 24 } });
    expect(reg.fixes[0].artifactChanges[0].replacements[0]).toMatchObject({ deletedRegion: { startLine: 6, startColumn: 24, endColumn: 34 }, insertedContent: { text: 'registry.k8s.io' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });
});

describe('git am patch', () => {
  test('--patch --commit writes a mail that git am applies as one commit, giving the in-place tree (CRLF and non-ASCII included)', async () => {
    const dir = track(repo({ 'main.tf': V18, 'crlf.tf': V18.replace(/\n/g, '\r\n').replace('module', '# コメント\r\nmodule'), 'old.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, version: "1.25"}\n' }));
    const mail = path.join(dir, '..', `${path.basename(dir)}.mbox`);
    track(mail);
    expect((await cli(dir, ['--patch', mail, '--commit'])).code).toBe(3);
    const text = fs.readFileSync(mail, 'utf8');
    expect(text).toMatch(/^From 0{40} Mon Sep 17 00:00:00 2001\nFrom: .+\nDate: .+\nSubject: \[PATCH\] Prepare EKS upgrade to 1\.27\n/);
    expect(status(dir)).toBe('');
    git(dir, '-c', 'user.email=a@local', '-c', 'user.name=a', 'am', '-q', mail);
    const log = git(dir, 'log', '-1', '--format=%s%n%b');
    expect(log).toMatch(/^Prepare EKS upgrade to 1\.27\n/);
    expect(log).toMatch(/- container-runtime-flag \(2\): Remove --container-runtime from node bootstrap/);
    expect(log).toMatch(/Needs manual work \(not in this patch\):\n- old\.yaml:3:31 \[cluster-version\]/);
    const viaAm = git(dir, 'diff', 'HEAD~1', 'HEAD');
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
    await cli(dir, []);
    expect(git(dir, 'diff')).toBe(viaAm);
  });
  const status = (dir: string) => git(dir, 'status', '--porcelain');
});

describe('rules and explain', () => {
  test('eks-migrate rules lists every rule with its version and kind', async () => {
    const r = await cli(process.cwd(), ['rules']);
    expect(r.code).toBe(0);
    for (const id of ['container-runtime-flag', 'eksctl-container-runtime', 'kubelet-seccomp-default', 'kubelet-api-qps', 'cluster-version', 'seccomp-annotations', 'registry-k8s-io', 'removed-apis']) {
      expect(r.stdout).toMatch(new RegExp(`^${id}\\s+1\\.27\\s+fixes\\s+\\S`, 'm'));
    }
    expect(r.stdout).toContain(`data as of ${RELEASE_DATA_AS_OF}`);
    // versions the calendar does not have are not offered as targets: their rows wait, and the output says so
    const newest = newestKnown();
    const past = (v: string) => Number(v.split('.')[1]) > Number(newest.split('.')[1]);
    for (const line of r.stdout.split('\n').filter((l) => /^[a-z0-9-]+\s+1\.\d+/.test(l))) {
      expect((line.match(/\b1\.\d+\b/g) ?? []).filter(past)).toEqual([]);
    }
  });

  test("eks-migrate explain prints the rule's README; an unknown rule is a usage error", async () => {
    const r = await cli(process.cwd(), ['explain', 'container-runtime-flag']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# container-runtime-flag\n/);
    expect(r.stdout.split('\n').length).toBeGreaterThan(20);
    const bad = await cli(process.cwd(), ['explain', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown rule: nope/);
  });
});

describe('config file', () => {
  test('found upward; target, ignore and rules apply; flags override it', async () => {
    const dir = track(repo({ '.eks-migrate.yaml': 'target: "1.26"\nignore: ["vendor/**"]\nrules:\n  kubelet-seccomp-default: off\n', 'infra/main.tf': V18, 'vendor/v.tf': V18 }));
    const sub = path.join(dir, 'infra');
    const r = await cli(sub, ['--dry-run', '--format', 'json', '..']);
    const j = JSON.parse(r.stdout);
    expect(j.target).toBe('1.26');
    expect(j.rules).not.toContain('kubelet-seccomp-default');
    expect(j.rules).not.toContain('container-runtime-flag'); // a 1.27 rule: not crossed on the way to 1.26
    expect(j.findings.some((f: { file: string }) => f.file.includes('vendor'))).toBe(false);
    const o = JSON.parse((await cli(sub, ['--dry-run', '--format', 'json', '--target', '1.27', '..'])).stdout);
    expect(o.target).toBe('1.27');
    expect(o.rules).toContain('container-runtime-flag');
    expect(o.rules).not.toContain('kubelet-seccomp-default');
  });

  test('unknown keys and bad values: exit 1 with file, line, column and the accepted choices', async () => {
    const dir = track(repo({ '.eks-migrate.yaml': 'target: "1.27"\nbogusKey: 1\n', 'main.tf': V18 }));
    const r = await cli(dir, ['--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('eks-migrate: .eks-migrate.yaml:2:1: unknown key "bogusKey" (accepted: target, include, ignore, rules)\n');
    fs.writeFileSync(path.join(dir, '.eks-migrate.yaml'), 'target: newest\n');
    expect((await cli(dir, ['--dry-run'])).stderr).toMatch(/\.eks-migrate\.yaml:1:9: target must be next, latest or a Kubernetes minor version/);
    fs.writeFileSync(path.join(dir, '.eks-migrate.yaml'), 'rules:\n  container-runtime: off\n');
    expect((await cli(dir, ['--dry-run'])).stderr).toMatch(/\.eks-migrate\.yaml:2:3: unknown rule "container-runtime" \(accepted: cluster-version, /);
    fs.writeFileSync(path.join(dir, '.eks-migrate.yaml'), 'rules:\n  cluster-version: maybe\n');
    expect((await cli(dir, ['--dry-run'])).stderr).toMatch(/:2:20: rules\.cluster-version must be on or off/);
  });
});

describe('inline suppressions', () => {
  test('HCL # and //, YAML #, trailing; counted; an unused one and an unknown rule are reported', async () => {
    const dir = track(repo({
      'a.tf': 'module "x" {\n  # eks-migrate-ignore container-runtime-flag: pinned AMI\n  bootstrap_extra_args = "--container-runtime containerd"\n  // eks-migrate-ignore cluster-version\n  cluster_version = "1.26"\n}\n',
      'b.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: k8s.gcr.io/pause:3.9  # eks-migrate-ignore registry-k8s-io: mirrored\n',
      'c.tf': 'module "y" {\n  # eks-migrate-ignore container-runtime-flag\n  source = "x"\n  # eks-migrate-ignore no-such-rule\n  cluster_version = "1.27"\n}\n',
    }));
    const r = await cli(dir, ['--rules', 'container-runtime-flag,cluster-version,registry-k8s-io']);
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toContain('--container-runtime containerd');
    expect(fs.readFileSync(path.join(dir, 'a.tf'), 'utf8')).toContain('"1.26"');
    expect(fs.readFileSync(path.join(dir, 'b.yaml'), 'utf8')).toContain('k8s.gcr.io/pause');
    // a.tf: the flag, and cluster-version's bump and calendar warning on its line; b.yaml: the image
    expect(r.stdout).toMatch(/4 suppressed/);
    expect(r.stdout).toMatch(/^c\.tf:2:3  warning  container-runtime-flag  eks-migrate-ignore container-runtime-flag matches nothing/m);
    expect(r.stdout).toMatch(/^c\.tf:4:3  warning  no-such-rule  eks-migrate-ignore names no-such-rule, which is not a rule of eks-migrate/m);
    const v = await cli(dir, ['--dry-run', '--verbose', '--rules', 'container-runtime-flag']);
    expect(v.stdout).toMatch(/^a\.tf:3:27  skipped  container-runtime-flag  .*\(eks-migrate-ignore: pinned AMI\)$/m);
  });
});

describe('people', () => {
  test('--quiet prints the summary only; colour only on a terminal and never with NO_COLOR', async () => {
    const dir = track(repo({ 'main.tf': V18 }));
    const q = await cli(dir, ['--dry-run', '--quiet', '--rules', 'container-runtime-flag']);
    expect(q.stdout.trim().split('\n')).toHaveLength(1);
    expect(q.stdout).toMatch(/^eks-migrate 1\.27: 1 file to change/);
    expect((await cli(dir, ['--dry-run', '--rules', 'container-runtime-flag'], true)).stdout).toContain('\x1b[36mfixable');
    expect((await cli(dir, ['--dry-run', '--rules', 'container-runtime-flag'], true, { NO_COLOR: '1' })).stdout).not.toContain('\x1b[');
    expect((await cli(dir, ['--dry-run', '--rules', 'container-runtime-flag'], false)).stdout).not.toContain('\x1b[');
  });

  test('action.yml and .pre-commit-hooks.yaml parse and run eks-migrate', () => {
    const root = path.join(__dirname, '..');
    const action = parseYaml(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    expect(JSON.stringify(action.runs.steps)).toMatch(/eks-migrate\.js\\" --check .*--format sarif/);
    const hooks = parseYaml(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks[0]).toMatchObject({ id: 'eks-migrate', entry: 'eks-migrate --check', language: 'node' });
  });
});

describe('eksctl schema validator', () => {
  test('the standalone validator built with the package agrees with compiling the schema', () => {
    const built = require('../dist/data/eksctl-validate.js');
    const standalone = built.default ?? built;
    const Ajv = require('ajv').default;
    const compiled = new Ajv({ strict: false, allErrors: true }).compile(require('../data/eksctl-clusterconfig.schema.json'));
    const docs = [
      { apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'x', region: 'y' }, nodeGroups: [{ name: 'a', kubeletExtraConfig: { seccompDefault: true } }] },
      { apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'x', zone: 'bad' }, managedNodeGroups: [{ name: 'm', kubeletExtraConfig: {} }] },
    ];
    for (const d of docs) {
      expect(standalone(d)).toBe(compiled(d));
      expect((standalone.errors ?? []).map((e: { instancePath: string; message: string }) => `${e.instancePath} ${e.message}`).sort()).toEqual(
        (compiled.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`).sort(),
      );
    }
    expect(standalone(docs[1])).toBe(false);
  });
});
