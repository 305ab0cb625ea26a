/**
 * Where each cluster stands and where it goes next (issue 21): effective versions on several dates, the next hop by
 * default, `latest` and `1.NN`, a four-hop series written with --patch-series and applied with `git am` (the AL2023
 * move and the deletion of the drained AL2 group before 1.33), after which a run at the final target changes nothing;
 * and `eks-migrate plan` in its three formats.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { effectiveVersion, nextOf, oldestRunning } from '../src/eks/versions';
import { git, gitRepo, removedAfterEach, runCli } from './helpers/cli';
import { tempDir } from './helpers/fixtures';

const track = removedAfterEach();
const TODAY = ['--today', '2026-12-06'];
const cli = (dir: string, ...args: string[]) => runCli(dir, [...TODAY, ...args], { hop: undefined });

test('effective version: the version written, raised to the oldest version EKS runs on the date', () => {
  // 1.29 left extended support on 2026-03-23, 1.31 on 2026-11-26
  expect(oldestRunning('2026-03-01')).toBe('1.29');
  expect(oldestRunning('2026-03-24')).toBe('1.30');
  expect(oldestRunning('2026-12-06')).toBe('1.32');
  expect(effectiveVersion('1.29', '2026-03-01')).toBe('1.29');
  expect(effectiveVersion('1.29', '2026-12-06')).toBe('1.32');
  expect(effectiveVersion('1.34', '2026-12-06')).toBe('1.34');
  expect(nextOf('1.32')).toBe('1.33');
  expect(nextOf('1.36')).toBe('1.36'); // the newest the calendar knows
});

// a terraform-aws-eks v20 platform in two environments, and a cluster written at a version EKS no longer runs
const ENVS = {
  'stack/main.tf': 'variable "minor" {}\nvariable "region" {}\nmodule "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "~> 20.31"\n  cluster_name    = "pay-${var.region}"\n  cluster_version = var.minor\n}\n',
  'stack/env/eu.tfvars': 'region = "eu"\nminor  = "1.33" # Zahlungen – Europa\n',
  'stack/env/us.tfvars': 'region = "us"\nminor  = "1.35"\n',
  'old/cluster.tf': 'resource "aws_eks_cluster" "legacy" {\n  name    = "legacy"\n  version = "1.30"\n}\n',
};

test('the default target is each cluster\'s next version; the JSON report says which', async () => {
  const dir = track(gitRepo(ENVS));
  const r = await cli(dir, '--dry-run', '--format', 'json', '.');
  const j = JSON.parse(r.stdout);
  const t = Object.fromEntries(j.clusters.map((c: { name: string; target: string; effective: string }) => [c.name, `${c.effective}→${c.target}`]));
  expect(t).toEqual({ 'pay-eu': '1.33→1.34', 'pay-us': '1.35→1.36', legacy: '1.32→1.33' });
  expect(j.targets).toEqual(['1.33', '1.34', '1.36']);
  await cli(dir, '.');
  expect(fs.readFileSync(path.join(dir, 'stack/env/eu.tfvars'), 'utf8')).toBe('region = "eu"\nminor  = "1.34" # Zahlungen – Europa\n');
  expect(fs.readFileSync(path.join(dir, 'stack/env/us.tfvars'), 'utf8')).toBe('region = "us"\nminor  = "1.36"\n');
  // EKS runs the legacy cluster at 1.32 since 2026-11-26: its literal goes to 1.33, with the drift warning
  expect(fs.readFileSync(path.join(dir, 'old/cluster.tf'), 'utf8')).toMatch(/version = "1\.33"/);
  // a second run goes one more hop: each run is one hop
  const again = JSON.parse((await cli(dir, '--dry-run', '--format', 'json', '.')).stdout);
  expect(again.clusters.find((c: { name: string }) => c.name === 'pay-eu').target).toBe('1.35');
});

test('latest, 1.NN, the config file\'s words, and a manifests-only tree', async () => {
  const dir = track(gitRepo(ENVS));
  const latest = JSON.parse((await cli(dir, '--dry-run', '--format', 'json', '--target', 'latest', '.')).stdout);
  expect(latest.target).toBe('1.36');
  fs.writeFileSync(path.join(dir, '.eks-migrate.yaml'), 'target: next\n');
  const next = await cli(dir, '--dry-run', '.');
  expect(next.stdout).toMatch(/^eks-migrate 1\.33, 1\.34 and 1\.36 \(each cluster to its next version: /m);
  const m = track(gitRepo({ 'k8s/pdb.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: x\nspec:\n  minAvailable: 1\n' }));
  const r = await cli(m, '--dry-run', '.');
  expect(r.stdout).toMatch(/^eks-migrate 1\.33 \(no cluster in these paths: one minor above 1\.32, the oldest version EKS runs on 2026-12-06\)/m);
});

// 1.32 with an AL2 managed group: four hops to 1.36
const ROAD = {
  'infra/main.tf': [
    'module "eks" {',
    '  source  = "terraform-aws-modules/eks/aws"',
    '  version = "~> 20.31"',
    '',
    '  cluster_name    = "shop"',
    '  cluster_version = "1.32"',
    '',
    '  cluster_addons = {',
    '    kube-proxy = {',
    '      addon_version = "v1.32.6-eksbuild.2"',
    '    }',
    '  }',
    '',
    '  eks_managed_node_groups = {',
    '    web = {',
    '      # the runbooks use the exact name: Terraform would destroy it first, so a blue/green copy',
    '      name            = "web"',
    '      use_name_prefix = false',
    '      ami_type       = "AL2_x86_64"',
    '      instance_types = ["m6i.large"]',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
};

test('--patch-series: one commit per step for git am (AL2023 move, AL2 deletion, then each hop), and then nothing left to do', async () => {
  const dir = track(gitRepo(ROAD));
  const out = track(tempDir('eksm-series-'));
  const r = await cli(dir, '--patch-series', out, '--target', '1.36', '.');
  expect(r.code).toBe(3); // edits pending, and the drain of web needs a person: the highest wins
  expect(git(dir, 'status', '--porcelain')).toBe('');
  const patches = fs.readdirSync(out).sort();
  expect(patches).toEqual([
    '0001-move-al2-node-groups-to-al2023-before-kubernetes-1-33.patch',
    '0002-delete-the-drained-al2-node-groups-web.patch',
    '0003-upgrade-to-kubernetes-1-33.patch',
    '0004-upgrade-to-kubernetes-1-34.patch',
    '0005-upgrade-to-kubernetes-1-35.patch',
    '0006-upgrade-to-kubernetes-1-36.patch',
  ]);
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  execFileSync('git', ['am', '-q', ...patches.map((p) => path.join(out, p))], { cwd: dir, env, stdio: 'pipe' });
  const log = git(dir, 'log', '--format=%s', '-7').trim().split('\n').reverse();
  expect(log.slice(1)).toEqual(['Move AL2 node groups to AL2023 before Kubernetes 1.33', 'Delete the drained AL2 node groups (web)', 'Upgrade to Kubernetes 1.33', 'Upgrade to Kubernetes 1.34', 'Upgrade to Kubernetes 1.35', 'Upgrade to Kubernetes 1.36']);
  expect(git(dir, 'log', '-1', '--format=%B', 'HEAD~5')).toMatch(/Before the next commit: .*drain web/);
  const final = fs.readFileSync(path.join(dir, 'infra/main.tf'), 'utf8');
  expect(final).toMatch(/cluster_version = "1\.36"/);
  expect(final).toMatch(/addon_version = "v1\.36\./);
  expect(final).not.toMatch(/AL2_x86_64/);
  const after = await cli(dir, '--target', '1.36', '.');
  expect(after.code).toBe(0);
  expect(git(dir, 'status', '--porcelain')).toBe('');
});

test('a dry run several hops away shows the steps in order; plan in text, Markdown and JSON', async () => {
  const dir = track(gitRepo(ROAD));
  const dry = await cli(dir, '--dry-run', '--target', '1.36', '.');
  expect(dry.stdout).toMatch(/^eks-migrate journey 1\.32 → 1\.33 → 1\.34 → 1\.35 → 1\.36 \(6 steps\)/m);
  expect(dry.stdout.indexOf('== step 1 of 6: Move AL2 node groups')).toBeLessThan(dry.stdout.indexOf('== step 3 of 6: Upgrade to Kubernetes 1.33'));
  const j = JSON.parse((await cli(dir, 'plan', '--target', '1.36', '--format', 'json', '.')).stdout);
  expect(j.clusters[0]).toMatchObject({ name: 'shop', definedAt: 'infra/main.tf:1', versionAt: 'infra/main.tf:6', written: '1.32', support: { status: 'extended', endOfExtendedSupport: '2027-03-23' }, pricePerClusterHour: { value: 0.6, currency: 'USD' } });
  expect(j.hops).toEqual(['1.33', '1.34', '1.35', '1.36']);
  expect(j.perHop[0].blockers.some((b: { what: string }) => /web .*AL2|AL2.*web/.test(b.what))).toBe(true);
  expect(j.perHop[1].changes.some((c: { what: string }) => /kube-proxy/.test(c.what))).toBe(true);
  const md = (await cli(dir, 'plan', '--target', '1.36', '--format', 'markdown', '.')).stdout;
  expect(md).toMatch(/^\| cluster \| defined at \|/m);
  expect(md).toMatch(/^### Hop to 1\.33$/m);
  expect(md).not.toMatch(/\x1b\[/);
  const text = (await cli(dir, 'plan', '--target', '1.36', '.')).stdout;
  expect(text).toMatch(/^cluster shop {2}infra\/main\.tf:1 {2}version at infra\/main\.tf:6$/m);
  expect(text).toMatch(/extended support until 2027-03-23.*0\.60 USD per cluster-hour/);
  expect(git(dir, 'status', '--porcelain')).toBe('');
});
