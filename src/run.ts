/**
 * A whole run: find the files, run the rules on each, then write, print diffs, or write a patch. Returns data;
 * the CLI prints it and turns it into an exit code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../transforms';
import { ResultCache } from './cache';
import { ClusterVersions, DISK_READER } from './eks/cluster-version';
import { overlayReader } from './graph/reader';
import { eksHost, type RuleModule, type RunOptions } from './eks/context';
import { type ClusterStand, planTargets, type TargetPlan } from './eks/journey';
import { graphReport, type GraphReport } from './eks/graph-report';
import { compareVersions, minorOf, newestKnown, RELEASES, releaseOf } from './eks/versions';
import { LineIndex } from './util/text';
import { handlesKind, processFile, triggerRegExp, triggersFor, type FileResult } from './engine/process';
import { SUPPRESS_MARK } from './engine/suppress';
import type { Diagnostic, FileKind } from './engine/types';
import { discover, gitRoot, kindOf, mayBeScript, realpathOr, scriptByContent, type Candidate, type Discovery } from './files/discover';
import { hclParser } from './parsers/hcl';
import { DirtyFiles } from './files/git';
import { TempJournal, writeAtomic, WriteRefused, xattrNames } from './files/write';
import { unifiedDiff } from './files/diff';

export type Mode = 'apply' | 'dry-run' | 'check' | 'patch';

export interface RunRequest {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly mode: Mode;
  readonly rules?: readonly string[];
  readonly ignore?: readonly string[];
  readonly options: RunOptions;
  /** In-place: also rewrite files with uncommitted git changes. */
  readonly allowDirty?: boolean;
  /** Files larger than this are reported and skipped (default 10 MiB; scripts: 2 MiB at most). */
  readonly maxFileBytes?: number;
  /** Where the result cache lives (see cache.ts); none: every file is processed. */
  readonly cacheDir?: string;
  /** Where the journal of temporary files lives (the cache folder's `temps`, also with --no-cache). */
  readonly tempDir?: string;
  /** When the run started, for the cache's racy-clean guard (tests move it; default now). */
  readonly cacheNow?: number;
  /** Called as files are done (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Texts that stand for files of the tree (absolute path → text): a step of a journey runs on the tree as the
   * steps before it leave it, in memory. Nothing is read from the cache or written with an overlay.
   */
  readonly overlay?: ReadonlyMap<string, string>;
  /** Rules to run instead of the tool's own (a journey's own step); `rules` is ignored then. */
  readonly ruleModules?: readonly RuleModule[];
  /** The tree as one read of it found it (a journey's steps share it: the files are listed and read once). */
  readonly scan?: TreeScan;
}

/** Target words: each cluster one minor up (`next`, the default), or to the newest version eks-migrate knows. */
export const TARGET_WORDS: ReadonlySet<string> = new Set(['next', 'latest']);

/** A cluster's stand as a report shows it: file and line instead of offsets. */
export interface ClusterReport {
  readonly name: string;
  readonly what: string;
  readonly file: string;
  readonly line: number;
  readonly versionFile?: string;
  readonly versionLine?: number;
  readonly environment?: string;
  readonly written?: string;
  readonly effective?: string;
  readonly target: string;
  readonly support?: ClusterStand['support'];
}

function standsOf(plan: TargetPlan, cwd: string): ClusterReport[] {
  const lines = new Map<string, LineIndex>();
  const lineOf = (file: string, offset: number) => {
    let li = lines.get(file);
    if (!li) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        /* gone since: line 1 */
      }
      lines.set(file, (li = new LineIndex(text)));
    }
    return li.position(offset).line;
  };
  const rel = (f: string) => path.relative(cwd, f).split(path.sep).join('/');
  return plan.clusters.map((c) => ({
    name: c.name, what: c.what, file: rel(c.at.file), line: lineOf(c.at.file, c.at.range[0]),
    ...(c.versionAt ? { versionFile: rel(c.versionAt.file), versionLine: lineOf(c.versionAt.file, c.versionAt.range[0]) } : {}),
    ...(c.environment ? { environment: c.environment } : {}),
    ...(c.written ? { written: c.written } : {}), ...(c.effective ? { effective: c.effective } : {}), target: c.target, ...(c.support ? { support: c.support } : {}),
  }));
}

export interface RunResult {
  readonly mode: Mode;
  readonly options: RunOptions;
  /** The versions files were taken to (one, unless a target word gave clusters their own). */
  readonly targets: readonly string[];
  /** With a target word: each cluster, where it stands and where this run takes it. */
  readonly clusters?: readonly ClusterReport[];
  /** With a target word: the target of files no cluster reads, and why. */
  readonly fallback?: { readonly target: string; readonly why?: string };
  readonly rules: readonly RuleModule[];
  readonly results: FileResult[];
  readonly diagnostics: Diagnostic[];
  /** Files scanned (candidates read). */
  readonly scanned: number;
  /** Of those, files whose result came from the cache (unchanged since an earlier run). */
  readonly cached: number;
  readonly written: string[];
  /** Unified diff of every change, paths relative to the repository root (or the working folder). */
  readonly patch: string;
}

/** A mistake in how eks-migrate was called: exit 1 with the message, no stack. */
export class UsageError extends Error {}

export const SECCOMP_RULE = 'kubelet-seccomp-default';

/** Every rule id eks-migrate has: a suppression that names another is a typo. */
export const KNOWN_RULES: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
export const MAX_SCRIPT_BYTES = 2 * 1024 * 1024;
/** Texts of the files to process kept between reading them and processing them (past it, they are read again). */
const KEPT_TEXT_BUDGET = 64 * 1024 * 1024;

/**
 * The rules a run uses: named ones (`--rules`), else all whose version the upgrade to `target` crosses, and those
 * whose `activeSince` date `today` has reached.
 */
export function selectRules(target: string, names?: readonly string[], today?: string): RuleModule[] {
  const known = RELEASES.map((r) => r.version);
  const listed = `eks-migrate knows ${known[0]} to ${known[known.length - 1]} (${known.join(', ')}; data/eks-versions.json)`;
  if (minorOf(target) === undefined) throw new UsageError(`--target ${target}: expected a Kubernetes minor version such as 1.30; ${listed}`);
  if (!releaseOf(target)) throw new UsageError(`--target ${target}: not a version Amazon EKS has released as far as eks-migrate's data says; ${listed}`);
  if (names?.length) {
    const unknown = names.filter((n) => !RULES.some((r) => r.meta.id === n));
    if (unknown.length) throw new UsageError(`unknown rule${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (eks-migrate has: ${RULES.map((r) => r.meta.id).join(', ')})`);
    return RULES.filter((r) => names.includes(r.meta.id));
  }
  return RULES.filter((r) => (compareVersions(r.meta.version, target) ?? 1) <= 0 || (today !== undefined && r.meta.activeSince !== undefined && today >= r.meta.activeSince));
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Reused for every read (the run is one thread): most files fit, and a small file costs no allocation. */
const scratch = Buffer.allocUnsafe(64 * 1024);

declare module 'buffer' {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
  }
}

/** Every trigger string of the rules, per kind of file, as one regular expression each. */
export type TriggerSet = ReadonlyMap<FileKind, RegExp | undefined>;

export function triggerSet(rules: readonly RuleModule[]): TriggerSet {
  const out = new Map<FileKind, RegExp | undefined>();
  for (const kind of ['hcl', 'tfjson', 'json', 'yaml', 'text'] as FileKind[]) {
    const list = rules.filter((r) => handlesKind(r, kind)).flatMap((r) => triggersFor(r, kind));
    const all = minimalTriggers([...list, ...(list.length ? [SUPPRESS_MARK] : [])]);
    out.set(kind, triggerRegExp(all));
  }
  return out;
}

/**
 * Reads a candidate: its text, a diagnostic, 'skip' when it holds no trigger string, or undefined for a script that
 * turns out not to be text (not reported: scripts are only guessed at). The rules' trigger strings are checked on
 * the raw bytes (as latin1, one pass): a file that holds none is never decoded, let alone parsed.
 */
function load(
  c: Candidate, kind: FileKind, triggers: TriggerSet, maxBytes: number, onStat?: (st: fs.Stats) => void, onBytes?: (buf: Buffer) => void,
  overlayText?: (file: string) => string | undefined,
): { text: string } | { diagnostic: Diagnostic } | 'skip' | undefined {
  const fail = (code: Diagnostic['code'], message: string) => (kind === 'text' && !c.explicit ? undefined : { diagnostic: { file: c.path, code, message } });
  let buf: Buffer;
  let fd: number | undefined;
  const over = overlayText?.(c.absPath);
  if (over !== undefined) buf = Buffer.from(over, 'utf8');
  else try {
    fd = fs.openSync(c.absPath, 'r');
    // the result cache remembers a file by its status (see cache.ts); that status is the open file's
    const st = onStat ? fs.fstatSync(fd) : undefined;
    if (st) onStat!(st);
    // most files are small: one read into a reused buffer tells their size, without a stat
    let n = fs.readSync(fd, scratch, 0, scratch.length, 0);
    if (n < scratch.length) buf = scratch.subarray(0, n);
    else {
      const size = (st ?? fs.fstatSync(fd)).size;
      const limit = kind === 'text' ? Math.min(maxBytes, MAX_SCRIPT_BYTES) : maxBytes;
      if (size > limit) return fail('too-large', `${(size / 1024 / 1024).toFixed(1)} MiB is more than eks-migrate reads (${(limit / 1024 / 1024).toFixed(1)} MiB, see --max-file-size); skipped`);
      buf = Buffer.allocUnsafe(size);
      scratch.copy(buf, 0, 0, n);
      while (n < size) {
        const got = fs.readSync(fd, buf, n, size - n, n);
        if (!got) break;
        n += got;
      }
      buf = buf.subarray(0, n);
    }
  } catch (e) {
    return { diagnostic: { file: c.path, code: 'unreadable', message: `cannot read this file (${(e as NodeJS.ErrnoException).code ?? e})` } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  // an encrypted file (git-crypt, ansible-vault) is what its owner meant it to be: a note, not an error
  if (buf.subarray(0, 10).equals(GIT_CRYPT) || buf.subarray(0, 14).toString('latin1') === '$ANSIBLE_VAULT') {
    return { diagnostic: { file: c.path, code: 'encrypted', message: `encrypted (${buf[0] === 0 ? 'git-crypt' : 'ansible-vault'}); skipped: eks-migrate cannot read it, check what it sets after decrypting (git-crypt unlock)` } };
  }
  // UTF-16 (a byte-order mark FF FE or FE FF: Windows tools save so): an encoding eks-migrate does not read, not binary
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return fail('not-text', `UTF-16 text (byte-order mark ${buf[0] === 0xff ? 'FF FE' : 'FE FF'}), an encoding eks-migrate does not read; skipped (convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8)`);
  }
  // eks-migrate's own reports (a SARIF or JSON report left in the tree by --output or the Action) are not input
  if ((kind === 'json' || kind === 'text') && ownReport(buf)) return 'skip';
  onBytes?.(buf);
  const nul = kind === 'text' ? -1 : buf.indexOf(0);
  if (nul >= 0) return fail('not-text', `binary content (a NUL byte at offset ${nul}); skipped`);
  const re = triggers.get(kind);
  if (!c.explicit && !(re && re.test(buf.latin1Slice(0, buf.length)))) return 'skip';
  if (kind === 'text' && buf.indexOf(0) >= 0) return fail('not-text', 'binary content; skipped');
  try {
    return { text: decoder.decode(buf) }; // decode copies: the scratch buffer may be reused
  } catch {
    return fail('not-text', 'not valid UTF-8 text; skipped');
  }
}

/**
 * Whether `buf` is a report eks-migrate wrote: JSON whose top-level `tool.name` (the JSON, plan and graph reports)
 * or whose SARIF `runs[].tool.driver.name` is "eks-migrate". Only a JSON object naming eks-migrate near its start
 * is parsed to make sure.
 */
export function ownReport(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  if (buf[i] !== 0x7b) return false; // {
  const head = buf.latin1Slice(i, Math.min(buf.length, i + 4096));
  if (!/"name"\s*:\s*"eks-migrate"/.test(head)) return false;
  let j: unknown;
  try {
    j = JSON.parse(buf.toString('utf8'));
  } catch {
    return false;
  }
  const o = j as { tool?: { name?: unknown }; runs?: unknown };
  if (o?.tool?.name === 'eks-migrate') return true;
  return Array.isArray(o?.runs) && o.runs.some((r) => (r as { tool?: { driver?: { name?: unknown } } })?.tool?.driver?.name === 'eks-migrate');
}

/** The header of a git-crypt encrypted file. */
const GIT_CRYPT = Buffer.from('\0GITCRYPT\0', 'latin1');

/** What processing a share of the files gives. */
export interface ChunkResult {
  results: FileResult[];
  diagnostics: Diagnostic[];
  scanned: number;
  /** Files counted in `scanned` whose verdict or result came from the cache. */
  cached: number;
  /** With a target word (`next`, `latest`): each cluster's stand and target, and the target of other files. */
  plan?: TargetPlan;
  /** The rules each target used. */
  used?: ReadonlyMap<string, readonly RuleModule[]>;
}

/** A target word (`next`, `latest`): each file's target comes from the clusters that read it. */
export interface Targeting {
  readonly want: string;
  /** The rules of one target (as selectRules gives them for the run's --rules and seccomp choice). */
  rulesFor(target: string): RuleModule[];
}

/**
 * Reads, checks and processes `files` in order, in this thread. (Worker threads were measured on this project's
 * 2-core machine, splitting the files and as a read/process pipeline: both were slower than one thread, as the
 * threads contended for the cores and each paid its own module loading and JIT warm-up.)
 */
export async function processChunk(
  files: readonly Candidate[], rules: readonly RuleModule[], options: RunOptions,
  { maxFileBytes, onFile, cache, bounds, targeting, overlay, scan }: {
    maxFileBytes?: number; onFile?: () => void; cache?: ResultCache; bounds?: readonly string[]; targeting?: Targeting; overlay?: ReadonlyMap<string, string>;
    scan?: TreeScan;
  } = {},
): Promise<ChunkResult> {
  const overlayText = overlay ? (f: string) => overlay.get(f) : undefined;
  const triggers = triggerSet(rules);
  // .tf files that may call a local module (`source = "./…"`), seen as the files are read: the configuration graph
  // takes its module calls from these instead of reading every .tf file of the tree again
  const localCallers = new Set<string>(scan?.localCallers);
  // .tf and Terragrunt files that may define a cluster, for a target word (each cluster's own target)
  const clusterFiles: string[] = scan ? [...scan.clusterFiles] : [];
  let everyTfRead = true;
  const versions = new ClusterVersions(overlay ? overlayReader(DISK_READER, overlay) : undefined, bounds, files.map((f) => f.absPath), () => (everyTfRead ? localCallers : undefined));
  const host = eksHost(options, versions, KNOWN_RULES);
  const done: Array<[number, FileResult | Diagnostic]> = [];
  let scanned = 0;
  let cached = 0;
  // first every file is read and checked for trigger strings, then the files that hold one are processed: the
  // graph's first question comes after every .tf file was seen once
  const todo: Array<{ i: number; c: Candidate; kind: FileKind; text?: string }> = [];
  let kept = 0;
  const freshSkips: string[] = [];
  for (let i = 0; i < files.length; i++) {
    const c = files[i];
    onFile?.();
    const kind = kindOf(c.path);
    if (kind === 'text' && !c.explicit && !mayBeScript(c.path)) continue;
    const t0 = timing ? performance.now() : 0;
    const tf = c.absPath.endsWith('.tf');
    // a file an earlier run found without a trigger string, unchanged since, is not read again
    // so is one the tree's scan found without (a journey's later steps), unless an earlier step rewrote it
    const unheld = scan && !scan.held.has(c.absPath) && !overlay?.has(c.absPath);
    let loaded: ReturnType<typeof load> = unheld || (cache && !c.explicit && cache.unchangedSkip(c.path, c.absPath)) ? 'skip' : undefined;
    if (loaded && tf && !unheld) everyTfRead = false;
    if (loaded && kind !== 'text') cached++;
    if (!loaded) {
      let st: fs.Stats | undefined;
      const unit = targeting && c.absPath.endsWith('terragrunt.hcl');
      const onBytes = (tf || unit) && !scan ? (buf: Buffer) => {
        if (tf && (buf.indexOf('"./') >= 0 || buf.indexOf('"../') >= 0)) localCallers.add(c.absPath);
        if (targeting && (unit || buf.indexOf('aws_eks_cluster') >= 0 || buf.indexOf('terraform-aws-modules/eks') >= 0 || buf.indexOf('terraform-aws-eks') >= 0)) clusterFiles.push(c.absPath);
      } : undefined;
      loaded = load(c, kind, triggers, maxFileBytes ?? MAX_CONFIG_BYTES, cache && !c.explicit ? (s) => (st = s) : undefined, onBytes, overlayText);
      if (loaded === 'skip' && st) cache!.noteSkipped(c.path, st);
      // a file read again that holds no trigger string (new or changed) and may add a cluster or a module call to
      // the graph: a plan from the cache may not know it (a change elsewhere shows in the fingerprints of its folders)
      if (loaded === 'skip' && (localCallers.has(c.absPath) || clusterFiles[clusterFiles.length - 1] === c.absPath)) {
        freshSkips.push(`${c.path}\0${st ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}` : ''}`);
      }
    }
    if (timing) timing.load += performance.now() - t0;
    if (!loaded) continue;
    if (loaded === 'skip') {
      if (kind !== 'text') scanned++; // scripts count when they hold a trigger
      continue;
    }
    if ('diagnostic' in loaded) {
      done.push([i, loaded.diagnostic]);
      continue;
    }
    if (kind === 'text' && !c.explicit && !scriptByContent(c.path, loaded.text)) continue; // prose, not a script
    scanned++;
    // texts are kept up to a budget; past it a file is read again when its turn comes
    const keep = kept + loaded.text.length <= KEPT_TEXT_BUDGET;
    if (keep) kept += loaded.text.length;
    todo.push({ i, c, kind, text: keep ? loaded.text : undefined });
  }
  // a target word: each cluster's target from its stand, each file's from the clusters that read it
  let plan: TargetPlan | undefined;
  const used = new Map<string, readonly RuleModule[]>();
  const hosts = new Map<string, ReturnType<typeof eksHost>>();
  const tp = timing ? performance.now() : 0;
  if (targeting) plan = await targetPlan(targeting.want, options.today, files, todo, clusterFiles, freshSkips, versions, overlay ? undefined : cache);
  if (timing) timing.plan += performance.now() - tp;
  for (const { i, c, kind, text: keptText } of todo) {
    const target = plan ? plan.targetOf(c.absPath) : options.target;
    const fileRules = targeting ? targeting.rulesFor(target) : rules;
    if (targeting) used.set(target, fileRules);
    let fileHost = host;
    if (targeting) {
      fileHost = hosts.get(target) ?? eksHost({ ...options, target }, versions, KNOWN_RULES);
      hosts.set(target, fileHost);
    }
    let text = keptText;
    if (text === undefined) {
      const again = load(c, kind, triggers, maxFileBytes ?? MAX_CONFIG_BYTES, undefined, undefined, overlayText);
      if (!again || again === 'skip') continue; // changed since it was first read: the next run sees it
      if ('diagnostic' in again) {
        done.push([i, again.diagnostic]);
        continue;
      }
      text = again.text;
    }
    const t1 = timing ? performance.now() : 0;
    const input = { path: c.path, absPath: c.absPath, text, kind };
    let r = cache?.get(input, targeting ? target : undefined);
    if (r) cached++;
    else {
      versions.touched = new Set();
      r = await processFile(input, fileRules, fileHost);
      if (cache) for (const d of await versions.graphDependencies(c.absPath)) versions.touched.add(d);
      cache?.set(r, versions.touched, targeting ? target : undefined);
      versions.touched = undefined;
    }
    if (timing) {
      timing.process += performance.now() - t1;
      timing.slow.push([performance.now() - t1, c.path]);
    }
    if (r.findings.length || r.diagnostics.length || r.output !== r.original) done.push([i, r]);
  }
  done.sort((a, b) => a[0] - b[0]);
  const out: ChunkResult = { results: [], diagnostics: [], scanned, cached, plan, used };
  for (const [, d] of done) {
    if ('code' in d) out.diagnostics.push(d);
    else {
      out.results.push(d);
      out.diagnostics.push(...d.diagnostics);
    }
  }
  return out;
}

/**
 * The plan of a target word. From the cache when the run's files, the texts that hold a trigger string and the
 * folders the graph read for the plan are as they were when it was made (a run over an unchanged tree does not
 * evaluate the graph for it); else made from the graph, and kept.
 */
async function targetPlan(
  want: string, today: string, files: readonly Candidate[], todo: ReadonlyArray<{ c: Candidate; kind: FileKind; text?: string }>,
  clusterFiles: readonly string[], freshSkips: readonly string[], versions: ClusterVersions, cache?: ResultCache,
): Promise<TargetPlan> {
  const whole = todo.every((t) => t.text !== undefined);
  const k = cache && whole
    ? cache.digest(JSON.stringify([files.map((c) => c.path), todo.map((t) => [t.c.path, cache.digest(t.text!)]), freshSkips]))
    : undefined;
  const stored = k ? cache!.getPlan<ClusterStand>(k) : undefined;
  if (stored) {
    return { fallback: stored.fallback, fallbackWhy: stored.fallbackWhy, clusters: stored.clusters, targetOf: (f) => stored.targets[f] ?? stored.fallback };
  }
  const eksctl = todo.filter((t) => t.kind === 'yaml' && t.text?.includes('ClusterConfig')).map((t) => ({ file: t.c.absPath, text: t.text! }));
  const plan = planTargets(await versions.estate(), want, today, clusterFiles, eksctl);
  if (k) {
    const targets: Record<string, string> = {};
    const folders = new Set<string>();
    for (const t of todo) targets[t.c.absPath] = plan.targetOf(t.c.absPath);
    for (const f of [...clusterFiles, ...todo.map((t) => t.c.absPath)]) for (const d of await versions.graphDependencies(f)) folders.add(d);
    cache!.setPlan({ k, fallback: plan.fallback, ...(plan.fallbackWhy ? { fallbackWhy: plan.fallbackWhy } : {}), clusters: plan.clusters, targets, folders });
  }
  return plan;
}

/** Drops trigger strings that hold another one: a file with the longer one has the shorter one too. */
export function minimalTriggers(list: readonly string[]): string[] {
  const uniq = [...new Set(list)].sort((a, b) => a.length - b.length);
  return uniq.filter((t, i) => !uniq.slice(0, i).some((s) => t.includes(s)));
}

/** EKS_MIGRATE_TIMING=1: where the time of a run goes, on standard error (npm run bench uses it). */
const timing = process.env.EKS_MIGRATE_TIMING ? { discover: 0, load: 0, plan: 0, process: 0, slow: [] as Array<[number, string]> } : undefined;

/** The folders a run reads: those named (a file's folder for a file), or the working folder. */
function boundsOf(paths: readonly string[], cwd: string): string[] {
  return (paths.length ? paths : ['.']).map((p) => {
    // real paths, as discovery gives the files
    const abs = realpathOr(path.resolve(cwd, p));
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  });
}

/** `eks-migrate graph`: what the configuration graph sees in the paths (nothing is written). */
export async function graphOf(req: { paths: readonly string[]; cwd: string; ignore?: readonly string[] }): Promise<{ report: GraphReport; diagnostics: Diagnostic[] }> {
  const found = discover(req.paths, { cwd: req.cwd, ignore: req.ignore });
  const versions = new ClusterVersions(undefined, boundsOf(req.paths, req.cwd), found.files.map((f) => f.absPath));
  return { report: graphReport(await versions.estate(), req.cwd), diagnostics: found.diagnostics };
}

/**
 * Where the clusters of the paths stand (written and effective versions, each one's next target), without running
 * any rule: the files are read for what defines a cluster only.
 */
/**
 * One read of a tree, for runs that look at it several times (a journey's steps): its files; those that hold a
 * trigger string of any rule or that a run reports on (the others are not read again); the .tf files that may call
 * a local module; the files that may define a cluster; and the eksctl ClusterConfig texts.
 */
export interface TreeScan {
  readonly found: Discovery;
  readonly held: ReadonlySet<string>;
  readonly localCallers: ReadonlySet<string>;
  readonly clusterFiles: readonly string[];
  readonly eksctl: ReadonlyArray<{ file: string; text: string }>;
}

export function scanTree(req: Pick<RunRequest, 'paths' | 'cwd' | 'ignore' | 'maxFileBytes'>): TreeScan {
  const found = discover(req.paths, { cwd: req.cwd, ignore: req.ignore });
  const triggers = triggerSet(RULES);
  const held = new Set<string>();
  const localCallers = new Set<string>();
  const clusterFiles: string[] = [];
  const eksctl: Array<{ file: string; text: string }> = [];
  for (const c of found.files) {
    const kind = kindOf(c.path);
    const tf = c.absPath.endsWith('.tf');
    const unit = c.absPath.endsWith('terragrunt.hcl');
    const loaded = load(c, kind, triggers, req.maxFileBytes ?? MAX_CONFIG_BYTES, undefined, (buf) => {
      if (tf && (buf.indexOf('"./') >= 0 || buf.indexOf('"../') >= 0)) localCallers.add(c.absPath);
      if (unit || (kind === 'hcl' && (buf.indexOf('aws_eks_cluster') >= 0 || buf.indexOf('terraform-aws-modules/eks') >= 0 || buf.indexOf('terraform-aws-eks') >= 0))) clusterFiles.push(c.absPath);
    });
    if (!loaded || loaded === 'skip') continue;
    held.add(c.absPath);
    if (kind === 'yaml' && 'text' in loaded && loaded.text.includes('ClusterConfig')) eksctl.push({ file: c.absPath, text: loaded.text });
  }
  return { found, held, localCallers, clusterFiles, eksctl };
}

/** Where each cluster of the paths stands (its versions written and effective, its next target). */
export async function stand(req: Pick<RunRequest, 'paths' | 'cwd' | 'ignore' | 'options' | 'maxFileBytes'>, scan = scanTree(req)): Promise<ClusterReport[]> {
  const versions = new ClusterVersions(undefined, boundsOf(req.paths, req.cwd), scan.found.files.map((f) => f.absPath), () => scan.localCallers);
  return standsOf(planTargets(await versions.estate(), 'next', req.options.today, scan.clusterFiles, scan.eksctl), req.cwd);
}

export async function run(req: RunRequest): Promise<RunResult> {
  const started = performance.now();
  // the wasm parser compiles in the background while the tree is walked
  void hclParser().catch(() => undefined);
  // --no-seccomp-default turns the seccomp rule off, even when --rules names it
  const rulesFor = (t: string) => selectRules(t, req.rules, req.options.today).filter((r) => req.options.seccompDefault || r.meta.id !== SECCOMP_RULE);
  // a target word (next, latest): each file's target comes from its clusters; the rules of the newest version
  // decide which files are read
  const word = TARGET_WORDS.has(req.options.target);
  const byTarget = new Map<string, RuleModule[]>();
  const targeting: Targeting | undefined = word ? {
    want: req.options.target,
    rulesFor: (t) => {
      let r = byTarget.get(t);
      if (!r) byTarget.set(t, (r = rulesFor(t)));
      return r;
    },
  } : undefined;
  const rules = req.ruleModules ? [...req.ruleModules] : rulesFor(word ? newestKnown() : req.options.target);
  const found = req.scan?.found ?? discover(req.paths, { cwd: req.cwd, ignore: req.ignore });
  if (timing) timing.discover = performance.now() - started;
  let done = 0;
  const cache = req.cacheDir && !req.overlay ? ResultCache.open(req.cacheDir, { options: req.options, rules: rules.map((r) => r.meta.id), cwd: req.cwd, maxFileBytes: req.maxFileBytes }, req.cacheNow) : undefined;
  // the folders the user named: a module's caller is looked for inside them only
  const bounds = boundsOf(req.paths, req.cwd);
  const chunk = await processChunk(found.files, rules, req.options, {
    maxFileBytes: req.maxFileBytes, onFile: () => req.onProgress?.(++done, found.files.length), cache, bounds, targeting: req.ruleModules ? undefined : targeting,
    overlay: req.overlay, scan: req.scan,
  });
  cache?.save();
  const diagnostics: Diagnostic[] = [...found.diagnostics, ...chunk.diagnostics];
  const results = chunk.results;
  const scanned = chunk.scanned;

  const changed = results.filter((r) => r.output !== r.original);
  const root = gitRoot(req.cwd) ?? req.cwd;
  // diffs only where they are shown (--dry-run, --patch); --check and in-place runs need none
  const patch = req.mode === 'dry-run' || req.mode === 'patch' ? changed.map((r) => unifiedDiff(path.relative(root, r.absPath).split(path.sep).join('/'), r.original, r.output)).join('') : '';

  const written: string[] = [];
  if (req.mode === 'apply') {
    // temporary files that a killed run left (its journal names them); never a file of the tree for its name
    const journal = new TempJournal(req.tempDir);
    journal.sweep();
    const dirty = changed.length && !req.allowDirty ? new DirtyFiles() : undefined;
    // the ACLs and extended attributes of the files to write, listed at once (a rewrite keeps them, or refuses)
    const attrs = changed.length ? xattrNames(changed.map((r) => r.absPath)) : new Map<string, string[] | undefined>();
    for (const r of changed) {
      const state = dirty?.state(r.absPath) ?? 'clean';
      if (state === 'dirty') {
        diagnostics.push({ file: r.path, code: 'dirty', message: 'has uncommitted changes, so it was not rewritten: commit or stash them first, or run with --allow-dirty' });
        continue;
      }
      if (state !== 'clean') {
        // git could not answer: the file may hold work it could not give back (fail closed)
        diagnostics.push({ file: r.path, code: 'write-failed', message: `may have uncommitted changes: ${state.unknown}; it is unchanged (fix git, or run with --allow-dirty)` });
        continue;
      }
      try {
        // a file that changed since it was read (an editor, another run) is left to its writer; its stat from before
        // this read, and this text, are checked again right before the rename
        const before = fs.statSync(r.absPath);
        if (fs.readFileSync(r.absPath, 'utf8') !== r.original) {
          diagnostics.push({ file: r.path, code: 'write-failed', message: 'changed on disk while eks-migrate was working on it; left as it is now (run again)' });
          continue;
        }
        fs.accessSync(r.absPath, fs.constants.W_OK);
        writeAtomic(r.absPath, r.output, journal, before, r.original, attrs.get(r.absPath));
        written.push(r.path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (e instanceof WriteRefused) {
          diagnostics.push({ file: r.path, code: 'write-failed', message: e.message });
          continue;
        }
        diagnostics.push({ file: r.path, code: 'write-failed', message: code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `is read-only or not writable (${code}); it is unchanged` : `could not write the file (${code ?? e}); it is unchanged` });
      }
    }
  }
  if (timing) {
    const f = (n: number) => `${Math.round(n)} ms`;
    process.stderr.write(`timing: start ${f(started)}, discover ${f(timing.discover)}, read+check ${f(timing.load)}, plan ${f(timing.plan)}, process ${f(timing.process)}, run ${f(performance.now() - started)}, files ${found.files.length}, reported ${results.length}, from cache ${cache ? chunk.cached : 'off'}\n`);
    const slow = timing.slow.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.EKS_MIGRATE_TIMING) || 5);
    process.stderr.write(`timing: slowest ${slow.map(([t, p]) => `${p} ${f(t)}`).join(', ')}\n`);
  }
  // the targets this run took its files to (a target word: each cluster's own)
  const targets = word ? [...new Set([...(chunk.used?.keys() ?? []), ...(chunk.plan?.clusters.map((c) => c.target) ?? [])])].sort((a, b) => compareVersions(a, b) ?? 0) : [req.options.target];
  if (word && !targets.length) targets.push(chunk.plan?.fallback ?? newestKnown());
  const usedRules = word ? RULES.filter((r) => [...(chunk.used?.values() ?? [])].some((l) => l.includes(r))) : rules;
  const shown = word && targets.length === 1 ? { ...req.options, target: targets[0] } : req.options;
  return {
    mode: req.mode, options: shown, rules: usedRules, results, diagnostics, scanned, cached: chunk.cached, written, patch,
    targets, ...(chunk.plan ? { clusters: standsOf(chunk.plan, req.cwd), fallback: { target: chunk.plan.fallback, why: chunk.plan.fallbackWhy } } : {}),
  };
}
