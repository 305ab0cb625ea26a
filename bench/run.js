#!/usr/bin/env node
/**
 * npm run bench [-- SIZES...]: speed and memory of eks-migrate on synthetic monorepos (default 2,000 and 20,000
 * files), side by side with `grep -rlE` over the same tree for the rules' own trigger strings (the floor for finding
 * candidate files). Most files are unrelated (source, docs, other YAML and Terraform); about 1% need edits, copied
 * from ../shared/corpus with variation (names, line endings, an extra comment) when it is there, else from samples
 * below. Prints a table; asserts nothing. Needs a build (npm run build). BENCH_KEEP=1 keeps the trees to profile;
 * BENCH_TARGET=1.36 runs with every rule on; its dry run shows the journey to 1.36 (a run per step).
 *
 * Targets (issue 6): on 20,000 files, a migrated tree's --check within 3x grep, a first run within 10x, growth
 * about linear, peak RSS under 300 MB, --version under 150 ms.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'eks-migrate.js');
const CORPUS = process.env.EKS_MIGRATE_CORPUS ?? path.join(ROOT, '..', 'shared', 'corpus');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!SIZES.length) SIZES.push(2000, 20000);
if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(1);
}

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rand() * a.length)];
const WORDS = 'alpha beta gamma delta module resource variable output locals provider data terraform kubernetes image name value'.split(' ');

/** Files that need edits: the corpus rows with an expectation, or built-in samples. */
function needingEdits() {
  const out = [];
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (fs.existsSync(manifest)) {
    for (const line of fs.readFileSync(manifest, 'utf8').split('\n').slice(1)) {
      const cols = line.split('\t');
      if (cols.length >= 6 && !cols[5].startsWith('none') && /\.(tf|ya?ml|sh|tpl)$/.test(cols[0])) out.push([path.basename(cols[0]), fs.readFileSync(path.join(CORPUS, cols[0]), 'utf8')]);
    }
  }
  if (out.length) return out;
  return [
    ['main.tf', 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  cluster_version = "1.26"\n  self_managed_node_groups = {\n    a = { bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args \'--max-pods=20\'" }\n  }\n}\n'],
    ['cluster.yaml', 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: x\n  version: "1.26"\nnodeGroups:\n  - name: a\n    containerRuntime: containerd\n'],
    ['userdata.sh', '#!/bin/bash\n/etc/eks/bootstrap.sh x --container-runtime containerd\n'],
    ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: c, image: k8s.gcr.io/pause:3.9}\n'],
  ];
}

/** Variation: another cluster name, sometimes CRLF, sometimes a leading comment. */
function vary(text, i) {
  let t = text.replace(/\b(demo|prod|ex-[\w-]+)\b/g, `svc-${i}`);
  if (i % 7 === 0) t = `# copied for service ${i}\n${t}`;
  if (i % 11 === 0 && !t.includes('\r')) t = t.replace(/\n/g, '\r\n');
  return t;
}

function generate(root, n) {
  const needs = needingEdits();
  for (let i = 0; i < n; i++) {
    const dir = path.join(root, `svc${i % 200}`, `pkg${i % 17}`);
    fs.mkdirSync(dir, { recursive: true });
    if (i % 100 === 0) {
      const [name, body] = needs[(i / 100) % needs.length];
      fs.writeFileSync(path.join(dir, `c${i}_${name}`), vary(body, i));
      continue;
    }
    const ext = pick(['.go', '.md', '.py', '.json', '.yaml', '.tf', '.txt']);
    let body = ext === '.tf' ? `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n` : ext === '.yaml' ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\n` : '';
    const lines = 20 + Math.floor(rand() * 100);
    for (let l = 0; l < lines; l++) body += (['.tf', '.yaml', '.py'].includes(ext) ? '# ' : '') + Array.from({ length: 8 }, () => pick(WORDS)).join(' ') + '\n';
    fs.writeFileSync(path.join(dir, `f${i}${ext}`), body);
  }
}

/**
 * Wall time and peak RSS (MB) of a command, median of `runs`. `cache`: 'empty' gives each run a new, empty result
 * cache (a first run), 'shared' one cache for all (every run after the first finds it warm), none: --no-cache.
 */
function measure(cmd, args, cwd, runs = 3, cache) {
  const timeBin = fs.existsSync('/usr/bin/time');
  const results = [];
  const shared = cache === 'shared' ? fs.mkdtempSync(path.join(os.tmpdir(), 'eksm-bench-cache-')) : undefined;
  if (shared) spawnSync(cmd, args, { cwd, env: { ...process.env, EKS_MIGRATE_CACHE_DIR: shared }, stdio: 'ignore' }); // fills it
  for (let r = 0; r < runs; r++) {
    const cacheDir = shared ?? (cache === 'empty' ? fs.mkdtempSync(path.join(os.tmpdir(), 'eksm-bench-cache-')) : undefined);
    const env = { ...process.env, EKS_MIGRATE_CACHE_DIR: cacheDir ?? '' };
    const t0 = process.hrtime.bigint();
    const p = timeBin
      ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (cacheDir && cacheDir !== shared) fs.rmSync(cacheDir, { recursive: true, force: true });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const rss = timeBin ? Number(p.stderr.trim().split('\n').pop()) / 1024 : NaN;
    results.push({ secs, rss });
  }
  if (shared) fs.rmSync(shared, { recursive: true, force: true });
  results.sort((a, b) => a.secs - b.secs);
  return { secs: results[Math.floor(runs / 2)].secs, rss: Math.max(...results.map((x) => x.rss)) };
}

function triggerPattern() {
  const { RULES } = require(path.join(ROOT, 'dist', 'transforms', 'index.js'));
  const { triggersFor, alternation } = require(path.join(ROOT, 'dist', 'src', 'engine', 'process.js'));
  const { minimalTriggers } = require(path.join(ROOT, 'dist', 'src', 'run.js'));
  return alternation(minimalTriggers(RULES.flatMap((r) => r.meta.kinds.flatMap((k) => triggersFor(r, k)))));
}

const pattern = triggerPattern();
/** BENCH_TARGET=1.36: every rule on, and the dry run is a journey of several steps (the default target, next, takes each cluster one hop). */
const TARGET = process.env.BENCH_TARGET ? ['--target', process.env.BENCH_TARGET] : [];
const rows = [];
for (const n of SIZES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `eksm-bench-${n}-`));
  try {
    generate(dir, n);
    const grep = measure('grep', ['-rlE', '--', pattern, '.'], dir);
    const first = measure(process.execPath, [BIN, ...TARGET, '--dry-run', '.'], dir, 3, 'empty');
    if (process.env.BENCH_KEEP) fs.cpSync(dir, `${dir}-unmigrated`, { recursive: true });
    spawnSync(process.execPath, [BIN, ...TARGET, '--allow-dirty', '--no-cache', '.'], { cwd: dir, stdio: 'ignore' }); // exit 3: manual findings stay
    const cold = measure(process.execPath, [BIN, ...TARGET, '--check', '--no-cache', '.'], dir);
    // a run not timed fills the cache; the three timed ones find it warm (a user's second --check)
    const check = measure(process.execPath, [BIN, ...TARGET, '--check', '.'], dir, 3, 'shared');
    rows.push({ n, grep, first, check, cold });
  } finally {
    if (process.env.BENCH_KEEP) console.error(`bench: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
const version = measure(process.execPath, [BIN, '--version'], ROOT, 5);

const f = (s) => `${s.toFixed(2)} s`;
const x = (a, b) => `${(a.secs / b.secs).toFixed(1)}x`;
console.log(`eks-migrate bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, corpus ${fs.existsSync(CORPUS) ? 'yes' : 'no (samples)'}`);
console.log('files   | grep -rlE | first run (--dry-run) | files/s | migrated --check | same, --no-cache | peak RSS');
for (const r of rows) {
  console.log(
    [
      String(r.n).padEnd(7),
      f(r.grep.secs).padEnd(9),
      `${f(r.first.secs)} (${x(r.first, r.grep)} grep)`.padEnd(21),
      String(Math.round(r.n / r.first.secs)).padEnd(7),
      `${f(r.check.secs)} (${x(r.check, r.grep)})`.padEnd(16),
      `${f(r.cold.secs)} (${x(r.cold, r.grep)})`.padEnd(16),
      `${Math.round(Math.max(r.first.rss, r.check.rss, r.cold.rss))} MB`,
    ].join(' | '),
  );
}
if (rows.length > 1) {
  const a = rows[0];
  const b = rows[rows.length - 1];
  const g = (k) => `${(b[k].secs / a[k].secs).toFixed(1)}x`;
  console.log(`growth ${a.n} → ${b.n} files (${(b.n / a.n).toFixed(0)}x): grep ${g('grep')}, first run ${g('first')}, --check ${g('check')}, --check --no-cache ${g('cold')}`);
}
console.log(`--version: ${Math.round(version.secs * 1000)} ms`);
console.log('first run: an empty result cache each time; migrated --check: the cache of an earlier run (the default); --no-cache: every file read and parsed.');
