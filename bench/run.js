#!/usr/bin/env node
/**
 * npm run bench [-- FILES]: speed and memory of eks-migrate on a synthetic monorepo (default 20,000 files, about 1%
 * needing edits), as ratios against `grep -rlE` over the same tree. Prints numbers; asserts nothing.
 */
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const N = Number(process.argv[2] ?? 20000);
const BIN = path.join(__dirname, '..', 'bin', 'eks-migrate.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eksm-bench-'));

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rand() * a.length)];
const words = 'alpha beta gamma delta module resource variable output locals provider data terraform kubernetes image name value'.split(' ');
const NEEDS = [
  ['main.tf', 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  cluster_version = "1.26"\n  self_managed_node_groups = {\n    a = { bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=20\'" }\n  }\n}\n'],
  ['cluster.yaml', 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: x\n  version: "1.26"\nnodeGroups:\n  - name: a\n    containerRuntime: containerd\n'],
  ['userdata.sh', '#!/bin/bash\n/etc/eks/bootstrap.sh x --container-runtime containerd\n'],
];

function generate() {
  for (let i = 0; i < N; i++) {
    const dir = path.join(root, `svc${i % 200}`, `pkg${i % 17}`);
    fs.mkdirSync(dir, { recursive: true });
    if (i % 100 === 0) {
      const [name, body] = NEEDS[(i / 100) % NEEDS.length];
      fs.writeFileSync(path.join(dir, `c${i}_${name}`), body);
      continue;
    }
    const ext = pick(['.go', '.md', '.py', '.json', '.yaml', '.tf', '.txt']);
    let body = ext === '.tf' ? `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n` : ext === '.yaml' ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\n` : '';
    const lines = 20 + Math.floor(rand() * 100);
    for (let l = 0; l < lines; l++) body += (['.tf', '.yaml', '.py'].includes(ext) ? '# ' : '') + Array.from({ length: 8 }, () => pick(words)).join(' ') + '\n';
    fs.writeFileSync(path.join(dir, `f${i}${ext}`), body);
  }
}

function timed(cmd, args, cwd) {
  const time = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = time ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 }) : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = time ? Number((r.stderr.trim().split('\n').pop() || '0')) / 1024 : NaN;
  return { secs, rss, status: r.status };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  generate();
  const pat = '--container-runtime|containerRuntime|k8s\\.gcr\\.io|bootstrap_extra_args|kubeletExtraConfig|ClusterConfig|cluster_version';
  const grep = median([0, 1, 2].map(() => timed('grep', ['-rlE', '--', pat, '.'], root).secs));
  const first = [0, 1, 2].map(() => timed(process.execPath, [BIN, '--dry-run', '.'], root));
  execFileSync(process.execPath, [BIN, '.'], { cwd: root, stdio: 'ignore' }) ;
  const check = [0, 1, 2].map(() => timed(process.execPath, [BIN, '--check', '.'], root));
  const f = median(first.map((x) => x.secs));
  const c = median(check.map((x) => x.secs));
  console.log(`files: ${N}`);
  console.log(`grep -rlE:            ${grep.toFixed(2)} s`);
  console.log(`eks-migrate --dry-run: ${f.toFixed(2)} s  (${(f / grep).toFixed(1)}x grep)`);
  console.log(`eks-migrate --check (migrated tree): ${c.toFixed(2)} s  (${(c / grep).toFixed(1)}x grep)`);
  console.log(`peak RSS: ${Math.max(...first.map((x) => x.rss), ...check.map((x) => x.rss)).toFixed(0)} MB`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
