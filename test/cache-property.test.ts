/**
 * The result cache against random histories (fast-check): files written, rewritten and deleted across two folders
 * (a Terraform module whose cluster version comes from variables.tf or terraform.tfvars, its user-data template,
 * manifests, an eksctl config), in-place runs, another target. After every step a run with the cache (its racy-clean
 * guard moved out of the way, so every file is remembered at once) reports exactly what a run without it reports.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { jsonReport } from '../src/report/json';
import { run, type RunRequest } from '../src/run';
import { removedAfterEach } from './helpers/cli';
import { tempDir, TODAY } from './helpers/fixtures';

const cleanup = removedAfterEach();
const RUNS = Number(process.env.EKS_MIGRATE_CACHE_PROPERTY_RUNS ?? 25);

const MODULE = (version: string, args: string) =>
  `module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  cluster_version = ${version}\n  self_managed_node_groups = {\n    a = { bootstrap_extra_args = "${args}" }\n  }\n}\n`;
const POD = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # é\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;
const EKSCTL = (version: string, extra: string) =>
  `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "${version}"\nnodeGroups:\n  - name: ng\n${extra}`;

/** What each path may hold (undefined: the file is deleted). */
const CONTENTS: Record<string, Array<string | undefined>> = {
  'infra/main.tf': [
    MODULE('var.cluster_version', '--container-runtime containerd --kubelet-extra-args \'--max-pods=20\''),
    MODULE('var.cluster_version', '--kubelet-extra-args \'--max-pods=20\''),
    MODULE('"1.26"', '--container-runtime containerd'),
    'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    undefined,
  ],
  'infra/variables.tf': [
    'variable "cluster_version" {\n  default = "1.21"\n}\n',
    'variable "cluster_version" {\n  default = "1.26"\n}\n',
    'variable "cluster_version" {\n  default = "1.22"\n}\n',
    'variable "cluster_version" {}\n',
    undefined,
  ],
  'infra/terraform.tfvars': ['cluster_version = "1.26"\n', 'cluster_version = "1.23"\n', 'region = "eu-west-1"\n', undefined],
  'infra/templates/userdata.sh': ['#!/bin/bash\n/etc/eks/bootstrap.sh c --container-runtime containerd\n', '#!/bin/bash\necho hi\n', undefined],
  'k8s/a.yaml': [
    POD('k8s.gcr.io/pause:3.9'),
    POD('registry.k8s.io/pause:3.9'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: j\n',
    'image: {{ .Values.image | default "k8s.gcr.io/pause:3.9" }}\n',
    undefined,
  ],
  'k8s/b.yaml': [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n    spec:\n      containers:\n        - name: c\n          image: nginx\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\r\ndata:\r\n  x: "1"\r\n',
    undefined,
  ],
  'cluster.yaml': [
    EKSCTL('1.26', '    containerRuntime: containerd\n'),
    EKSCTL('1.26', '    kubeletExtraConfig:\n      seccompDefault: true\n      kubeAPIQPS: 50\n      kubeAPIBurst: 100\n'),
    EKSCTL('1.21', '    instanceType: m5.large\n'),
    undefined,
  ],
};
const PATHS = Object.keys(CONTENTS);

type Step =
  | { kind: 'write'; file: string; content: number }
  | { kind: 'apply' }
  | { kind: 'target'; target: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), file: fc.constantFrom(...PATHS), content: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('apply' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('target' as const), target: fc.constantFrom('1.27', '1.28') }) },
) as fc.Arbitrary<Step>;

function write(dir: string, file: string, content: string | undefined) {
  const p = path.join(dir, file);
  if (content === undefined) fs.rmSync(p, { force: true });
  else {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

test('with the cache, every step of a random history reports what a run without it reports', async () => {
  let served = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 7 }), async (steps) => {
      const dir = cleanup(tempDir('eksm-cache-prop-'));
      const cacheDir = cleanup(tempDir('eksm-cache-prop-dir-'));
      for (const p of PATHS) write(dir, p, CONTENTS[p][0]);
      let target = '1.27';
      const req = (mode: RunRequest['mode'], cached: boolean): RunRequest => ({
        paths: ['.'], cwd: dir, mode, allowDirty: true, options: { target, seccompDefault: true, today: TODAY },
        ...(cached ? { cacheDir, cacheNow: Date.now() + 10_000 } : {}),
      });
      for (const s of [...steps, { kind: 'target', target } as Step]) {
        if (s.kind === 'write') write(dir, s.file, CONTENTS[s.file][s.content % CONTENTS[s.file].length]);
        else if (s.kind === 'target') target = s.target;
        else await run(req('apply', true));
        const warm = await run(req('dry-run', true));
        const cold = await run(req('dry-run', false));
        served += warm.cached;
        expect(`${jsonReport(warm)}\n${warm.patch}`).toBe(`${jsonReport(cold)}\n${cold.patch}`);
      }
    }),
    { numRuns: RUNS },
  );
  expect(served).toBeGreaterThan(RUNS); // the cache did serve: the comparison was not between two cold runs
});
