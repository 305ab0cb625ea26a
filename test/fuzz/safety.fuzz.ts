/**
 * The fuzz run (`npm run fuzz`; not part of `npm test`, it takes minutes): at least 10,000 generated inputs, hostile
 * variations (helpers/mutate) of every file a rule acts on in the shared corpus, of the rules' own fixtures and of the
 * examples, each run through every rule at a target drawn from 1.27, 1.33 and 1.36. Counted, and required to be 0:
 * crashes (a throw or an internal error), hangs (over 10 s for one file), rewrites that fail their reference parser,
 * edits to a file reported as unparseable, reported edits that applied to the input do not give the written text,
 * and rewrites that a second run would change again. Then repositories of a few such files under hostile names: the
 * --patch output that git applies must equal the in-place run, and a second run must change nothing (a version held
 * at 1.32 for AL2 nodes that this run moved to AL2023 moves on the second run, by design; the third changes nothing).
 * EKS_MIGRATE_FUZZ_RUNS, EKS_MIGRATE_FUZZ_TREES and EKS_MIGRATE_FUZZ_SEED vary it; EKS_MIGRATE_FUZZ_KEEP=DIR keeps
 * the inputs of a failing repository.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { ClusterVersions } from '../../src/eks/cluster-version';
import { eksHost } from '../../src/eks/context';
import { processFile } from '../../src/engine/process';
import { kindOf } from '../../src/files/discover';
import { KNOWN_RULES } from '../../src/run';
import { RULES } from '../../transforms';
import { CORPUS, HAVE_CORPUS, manifest, allFiles } from '../helpers/corpus';
import { applyEdits } from '../helpers/fixtures';
import { git, gitRepo, runCli } from '../helpers/cli';
import { mutate, mutation, referenceProblem } from '../helpers/mutate';
import { generatedFile } from './generate';

const RUNS = Number(process.env.EKS_MIGRATE_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.EKS_MIGRATE_FUZZ_SEED ?? 20261130);
const ROOT = path.join(__dirname, '..', '..');
const RULE_FILE = /\.(tf|tfvars|hcl|ya?ml|json|sh|tpl|toml)$/;

/** name → text of every seed file: corpus files a rule acts on, rule fixtures' inputs, examples. */
function seeds(): Map<string, string> {
  const out = new Map<string, string>();
  if (HAVE_CORPUS) {
    for (const r of manifest()) if (!r.expect.startsWith('none') && RULE_FILE.test(r.path)) out.set(`corpus/${r.path}`, fs.readFileSync(path.join(CORPUS, r.path), 'utf8'));
  }
  for (const rule of fs.readdirSync(path.join(ROOT, 'transforms'))) {
    const dir = path.join(ROOT, 'transforms', rule, '__testfixtures__');
    if (!fs.existsSync(dir)) continue;
    // the fixture's name without ".input": its kind comes from the extension that follows
    for (const f of fs.readdirSync(dir)) if (f.includes('.input.')) out.set(`fixtures/${rule}/${f.replace('.input.', '.')}`, fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  for (const f of allFiles(path.join(ROOT, 'examples'))) if (RULE_FILE.test(f)) out.set(`examples/${f}`, fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
  return out;
}


type Counts = Record<'inputs' | 'rewritten' | 'unparseable' | 'crashes' | 'hangs' | 'brokenOutputs' | 'editedUnparseable' | 'editsNotOutput' | 'notIdempotent' | 'dropped' | 'droppedBrokenInput' | 'notConverged' | 'silentLeftovers' | 'versionLowered', number>;

/**
 * Runs each input through every rule in memory and counts what must not happen; `examples` names the first cases
 * of each. `what` says how an input was made, for a replay.
 */
/** What a run must fix or report when it is left in a file: AL2 images and families past 1.32, removed flags, the old registry. */
const LEFTOVERS: ReadonlyArray<readonly [string, RegExp, (target: string) => boolean, RegExp]> = [
  ['AL2', /\bAL2_(?:x86_64|ARM_64|x86_64_GPU)\b|amazon-linux-2(?:-arm64|-gpu)?\/|amiFamily: (?:AmazonLinux2|AL2)\s*$|alias: al2@|amazon-eks-(?:arm64-|gpu-)?node-1/m, (t) => Number(t.split('.')[1]) > 32, /\bAL2(?:023)?\b|Amazon Linux 2|AmazonLinux2/],
  ['--container-runtime', /--container-runtime\b/, () => true, /container-runtime/],
  ['k8s.gcr.io', /\bk8s\.gcr\.io\//, () => true, /k8s\.gcr\.io/],
];

async function fuzzInputs(inputs: Iterable<{ name: string; text: string; target: string; what: string; whole?: boolean }>): Promise<{ count: Counts; examples: string[] }> {
  const count: Counts = { inputs: 0, rewritten: 0, unparseable: 0, crashes: 0, hangs: 0, brokenOutputs: 0, editedUnparseable: 0, editsNotOutput: 0, notIdempotent: 0, dropped: 0, droppedBrokenInput: 0, notConverged: 0, silentLeftovers: 0, versionLowered: 0 };
  const examples: string[] = [];
  const bad = (what: keyof Counts, name: string, detail = '') => {
    count[what]++;
    if (examples.length < 20) examples.push(`${what}: ${name} ${detail}`.trim());
  };
  for (const { name, text, target, what, whole } of inputs) {
    count.inputs++;
    const kind = kindOf(name);
    const run = (t: string) => processFile({ path: name, absPath: path.join(ROOT, '.fuzz', name), text: t, kind }, RULES, eksHost({ target, seccompDefault: true, today: '2026-11-30' }, new ClusterVersions(), KNOWN_RULES));
    let r;
    const started = Date.now();
    try {
      r = await run(text);
    } catch (e) {
      bad('crashes', name, `${what}: ${String((e as Error).stack ?? e).slice(0, 300)}`);
      continue;
    }
    if (Date.now() - started > 10_000) bad('hangs', name, `${what}: ${Date.now() - started} ms`);
    const internal = r.diagnostics.find((d) => d.code === 'internal');
    if (internal) bad('crashes', name, `${what}: ${internal.message.slice(0, 300)}`);
    for (const d of r.diagnostics) {
      if (d.code === 'not-converged') bad('notConverged', name, `${what}: ${d.message.slice(0, 300)}`);
      // a rewrite the engine's own check dropped (nothing written): a rule's fault unless the input already failed
      // the reference parser (which the tolerant syntax tree may accept)
      if (d.code === 'rewrite-refused') {
        if (await referenceProblem(name, kind, text)) count.droppedBrokenInput++;
        else bad('dropped', name, `${what}: ${d.message.slice(0, 300)}`);
      }
    }
    if (r.diagnostics.some((d) => d.code === 'parse-error')) {
      count.unparseable++;
      if (r.output !== text) bad('editedUnparseable', name, what);
    }
    if (applyEdits(text, r.findings.flatMap((f) => f.edits ?? [])) !== r.output) bad('editsNotOutput', name, what);
    // a Kubernetes minor version is never moved down (EKS cannot downgrade a cluster; nodes must not pass it)
    for (const e of r.findings.flatMap((f) => f.edits ?? [])) {
      const was = /^1\.(\d+)$/.exec(text.slice(e.range[0], e.range[1]));
      const now = /^1\.(\d+)$/.exec(e.text);
      if (was && now && Number(now[1]) < Number(was[1])) bad('versionLowered', name, `${what}: 1.${was[1]} → 1.${now[1]}`);
    }
    // a whole generated file (not a mutated one): what is left that the target breaks is named by a finding (a
    // manual one, a warning, or the fix that says why it stays, as for a Kustomize match key), never passed over
    if (whole && !r.diagnostics.some((d) => d.code === 'parse-error' || d.code === 'rewrite-refused')) {
      const reported = (about: RegExp) => r.findings.some((f) => about.test(f.message));
      for (const [mark, re, applies, about] of LEFTOVERS) if (applies(target) && re.test(r.output) && !reported(about)) bad('silentLeftovers', name, `${what}: ${mark} left, nothing reported about it`);
    }
    if (r.output === text) continue;
    count.rewritten++;
    if (!r.diagnostics.some((d) => d.code === 'template')) {
      const problem = await referenceProblem(name, kind, r.output);
      if (problem) bad('brokenOutputs', name, `${what}: ${problem.slice(0, 200)}`);
    }
    const again = await run(r.output);
    if (again.output !== r.output) bad('notIdempotent', name, what);
  }
  return { count, examples };
}

const TARGETS = ['1.27', '1.33', '1.36'] as const;

test(`fuzz: ${RUNS} mutated files through every rule`, async () => {
  const texts = seeds();
  const names = [...texts.keys()].sort();
  expect(names.length).toBeGreaterThan(50);
  const cases = fc.sample(fc.tuple(fc.constantFrom(...names), fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.constantFrom(...TARGETS)), { numRuns: RUNS, seed: SEED });
  const { count, examples } = await fuzzInputs(cases.map(([name, ms, target]) => ({ name, text: mutate(texts.get(name)!, ms), target, what: `${JSON.stringify(ms)} at ${target}` })));
  const { inputs, ...rest } = count;
  console.log(`fuzz: ${inputs} inputs from ${names.length} seed files (seed ${SEED}); ${JSON.stringify(rest)}${examples.length ? `\n${examples.join('\n')}` : ''}`);
  expect(examples).toEqual([]);
}, 3_600_000);

const GENERATED = Number(process.env.EKS_MIGRATE_FUZZ_GENERATED ?? 3000);

test(`fuzz: ${GENERATED} generated configurations (Terraform, eksctl, Karpenter, manifests, user data) through every rule`, async () => {
  const cases = fc.sample(fc.tuple(generatedFile, fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }), fc.constantFrom(...TARGETS)), { numRuns: GENERATED, seed: SEED });
  const keep = process.env.EKS_MIGRATE_FUZZ_KEEP;
  const { count, examples } = await fuzzInputs(cases.map(([[name, text], ms, target], i) => {
    const input = mutate(text, ms);
    if (keep) fs.mkdirSync(keep, { recursive: true }), fs.writeFileSync(path.join(keep, `${i}-${ms.length ? 'mutated' : 'generated'}-${name}`), input);
    return { name, text: input, target, what: `case ${i} at ${target}`, whole: !ms.length };
  }));
  const { inputs, ...rest } = count;
  console.log(`fuzz: ${inputs} generated configurations (seed ${SEED}); ${JSON.stringify(rest)}${examples.length ? `\n${examples.join('\n')}` : ''}`);
  expect(examples).toEqual([]);
}, 3_600_000);

const TREES = Number(process.env.EKS_MIGRATE_FUZZ_TREES ?? 150);
/** Pieces of file and folder names: spaces, dashes, quotes, backslashes, tabs, line breaks, escapes, non-ASCII, a forged header. */
const NAME_PIECES = ['a', 'b c', '-x', 'tab\t', 'new\nline', 'q"', 'back\\', 'é', '\u3042', 'esc\x1b[31m', '.hidden', 'x.tf\n+++ b/Makefile', '%s', '$HOME'];

test(`fuzz: ${TREES} repositories with hostile names: --patch applied by git equals the in-place run, and a second run is clean`, async () => {
  const texts = seeds();
  const names = [...texts.keys()].sort();
  const tree = fc.array(
    fc.record({
      seed: fc.constantFrom(...names), ms: fc.array(mutation, { maxLength: 2 }),
      // half the files generated, most of them in the top folder, where their Terraform is read as one folder
      generated: fc.option(generatedFile, { freq: 1 }),
      folder: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...NAME_PIECES), { maxLength: 2 }) }),
      base: fc.array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 5 },
  );
  const cases = fc.sample(fc.tuple(tree, fc.constantFrom('1.27', '1.33', '1.36')), { numRuns: TREES, seed: SEED });
  const problems: string[] = [];
  let patched = 0;
  for (const [entries, target] of cases) {
    const files: Record<string, string> = { Makefile: 'all:\n\ttrue\n' };
    for (const e of entries) {
      const ext = path.extname(e.generated ? e.generated[0] : e.seed);
      const dir = e.folder.map((p) => p.replace(/\//g, '_')).join('/');
      files[path.join(dir, `${e.base.join('').replace(/\//g, '_')}${ext}`)] = e.generated ? e.generated[1] : mutate(texts.get(e.seed)!, e.ms);
    }
    const label = JSON.stringify(Object.keys(files));
    const a = gitRepo(files, 'eksm-fz-a-');
    const b = gitRepo(files, 'eksm-fz-b-');
    const c = gitRepo(files, 'eksm-fz-c-');
    try {
      const patchFile = path.join(os.tmpdir(), `${path.basename(a)}.patch`);
      const pr = await runCli(a, ['--no-cache', '--target', target, '--patch', patchFile, '.']);
      const ir = await runCli(c, ['--no-cache', '--target', target, '--format', 'json', '.']);
      // a version held at 1.32 for AL2 nodes moves on the run after they are gone (AWS's order: AL2023 first)
      const heldForAl2 = (JSON.parse(ir.stdout) as { findings: Array<{ messageId?: string }> }).findings.some((f) => f.messageId === 'heldForAl2' || f.messageId === 'noAl2');
      if (pr.code > 4 || ir.code > 4) problems.push(`exit ${pr.code}/${ir.code}: ${label}`);
      const patch = fs.existsSync(patchFile) ? fs.readFileSync(patchFile, 'utf8') : '';
      fs.rmSync(patchFile, { force: true });
      if (patch) {
        patched++;
        try {
          const p = writeTemp(patch);
          git(b, 'apply', '--check', p);
          git(b, 'apply', p);
        } catch (e) {
          problems.push(`git apply refused the patch of ${label}: ${String((e as { stderr?: string }).stderr ?? e).slice(0, 200)}`);
          continue;
        }
      }
      const before = problems.length;
      const diff = treeDiff(b, c);
      if (diff) problems.push(`patch ≠ in place (${diff}): ${label} at ${target}`);
      const again = await runCli(c, ['--no-cache', '--target', target, '--check', '--format', 'json', '.']);
      const edits = (JSON.parse(again.stdout) as { totals: { edits: number } }).totals.edits;
      if (edits && !heldForAl2) problems.push(`a second run has ${edits} edits: ${label} at ${target}`);
      if (edits && heldForAl2) {
        // then that run moves the version, and the one after it changes nothing
        await runCli(c, ['--no-cache', '--target', target, '--quiet', '--allow-dirty', '.']);
        const third = await runCli(c, ['--no-cache', '--target', target, '--check', '--format', 'json', '.']);
        const left = (JSON.parse(third.stdout) as { totals: { edits: number } }).totals.edits;
        if (left) problems.push(`after a version held for AL2 moved, a third run has ${left} edits: ${label} at ${target}`);
      }
      // EKS_MIGRATE_FUZZ_KEEP=DIR keeps the inputs of each failing case, and how they were made, for a replay
      if (problems.length > before && process.env.EKS_MIGRATE_FUZZ_KEEP) {
        const keep = path.join(process.env.EKS_MIGRATE_FUZZ_KEEP, String(problems.length));
        fs.cpSync(a, keep, { recursive: true, filter: (f) => path.basename(f) !== '.git' });
        fs.writeFileSync(path.join(keep, '.fuzz-case.json'), JSON.stringify({ target, entries }, null, 2));
      }
    } finally {
      for (const d of [a, b, c]) fs.rmSync(d, { recursive: true, force: true });
    }
  }
  console.log(`fuzz: ${TREES} repositories with hostile names (seed ${SEED}); ${patched} patches applied by git; ${problems.length} problems${problems.length ? `\n${problems.slice(0, 20).join('\n')}` : ''}`);
  expect(problems).toEqual([]);
}, 3_600_000);

const temps: string[] = [];
afterAll(() => temps.forEach((t) => fs.rmSync(t, { force: true })));
function writeTemp(text: string): string {
  const f = path.join(os.tmpdir(), `eksm-fz-${process.pid}-${temps.length}.patch`);
  fs.writeFileSync(f, text);
  temps.push(f);
  return f;
}

/** The first file that differs between two trees (.git left out), or undefined. */
function treeDiff(x: string, y: string): string | undefined {
  const list = (d: string) => allFiles(d).filter((f) => !f.startsWith(`.git${path.sep}`) && f !== '.git').sort();
  const lx = list(x);
  const ly = list(y);
  if (lx.join('\0') !== ly.join('\0')) return 'file lists';
  return lx.find((f) => !fs.readFileSync(path.join(x, f)).equals(fs.readFileSync(path.join(y, f))));
}
