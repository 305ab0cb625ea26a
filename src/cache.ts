/**
 * The result cache (on by default, like ruff's; keyed on content, like Prettier's `--cache-strategy content`, so a
 * fresh clone of the same files hits too). A file is parsed again only when something its result depends on
 * changed: its own text, the Terraform folders the rules read for it (every .tf and .tfvars file there: the cluster
 * version comes from them), the run's settings (target, rules, working folder, and the date as far as the support
 * calendar tells one day from another) or eks-migrate itself. Only
 * results that change nothing are kept: a file with pending edits is always processed, so what is written or printed
 * as a diff never comes from the cache. Its findings (manual work, notes) are replayed as they were.
 *
 * One JSON file per working folder under `$XDG_CACHE_HOME/eks-migrate` (default `~/.cache/eks-migrate`), never in
 * the repository. A cache that cannot be read or written is ignored: it never fails a run.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FileResult } from './engine/process';
import type { RunOptions } from './eks/context';
import type { Diagnostic, FileKind, Finding } from './engine/types';
import { FOLDER_FILES, readFolderFile } from './eks/cluster-version';
import { calendarEpoch } from './eks/versions';
import { projectRoot } from './paths';
import { VERSION } from './version';

const FORMAT = 2;
/** Files the configuration graph reads besides .tf and .tfvars: Terragrunt, .tfvars.json, templates, YAML read by yamldecode. */
const GRAPH_FILES = /\.(hcl|json|tpl|tmpl|tftpl|ya?ml)$/;
/** At most this many results and this many files without a trigger string are remembered (the latest run's first). */
const MAX_ENTRIES = 20_000;
const MAX_SKIPS = 200_000;
/** A working folder's cache not written for this long is removed (by a run in another folder). */
const PRUNE_DAYS = 30;
const MAX_FOLDERS = 100;
/** A file changed less than this long before it was looked at may change again within its time stamp's precision. */
const RACY_MS = 2_000;
/** Diagnostics that follow from the text alone; a result with another (unreadable folder, timeout, bug) is not kept. */
const STABLE: ReadonlySet<Diagnostic['code']> = new Set(['parse-error', 'template', 'not-converged']);

type Stored<T> = Omit<T, 'file'>;

/**
 * A target word's plan (each cluster's stand and target, each file's target), kept so a run over unchanged files
 * does not evaluate the configuration graph to learn it again. `k` hashes what the plan was made from (the run's
 * files, the texts that hold a trigger string); `deps`: the folders the graph read for it, with their fingerprint.
 */
export interface StoredPlan<C = unknown> {
  readonly k: string;
  readonly deps: ReadonlyArray<readonly [string, string]>;
  readonly fallback: string;
  readonly fallbackWhy?: string;
  readonly clusters: readonly C[];
  /** Target of each file (absolute path) that held a trigger string. */
  readonly targets: Readonly<Record<string, string>>;
}

interface Entry {
  /** Hash of the file's text. */
  readonly h: string;
  /** Folders whose Terraform files the result depends on, with their fingerprint. */
  readonly deps: ReadonlyArray<readonly [string, string]>;
  readonly kind: FileKind;
  readonly findings: ReadonlyArray<Stored<Finding>>;
  readonly diagnostics: ReadonlyArray<Stored<Diagnostic>>;
  readonly ruleIds: readonly string[];
  /** The target the result was made for, when a target word (next, latest) gave each file its own. */
  readonly t?: string;
  /** Checksum of the entry itself and the path it is for: an entry edited or damaged on disk is not used. */
  readonly sum?: string;
}

/** The names of the cache's own files: a working folder's cache, and (group 1) a temporary one of a run. */
const CACHE_NAME = /^[A-Za-z0-9]{16}\.json(\.\d+\.tmp)?$/;
/** How a cache file starts (JSON.stringify of { key, ... }); a temporary one may also be empty (a run killed early). */
const CACHE_HEAD = '{"key":"';

/** Whether the file at `p` is one eks-migrate wrote: its first bytes are those of a cache file. */
function ownCacheFile(p: string, st: fs.Stats, temporary: boolean): boolean {
  if (temporary && st.size === 0) return true;
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const buf = Buffer.alloc(CACHE_HEAD.length);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return n === buf.length && buf.toString('latin1') === CACHE_HEAD;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const hash = (data: string | Buffer) => crypto.createHash('sha1').update(data).digest('base64');

/**
 * The key that signs cache files (HMAC-SHA256 over each file's contents): whoever can write the cache folder but not
 * this key (a shared or restored cache, `--cache-dir` on a folder others write) cannot make eks-migrate trust an
 * entry they wrote, such as "no findings" for a file with pending edits. EKS_MIGRATE_CACHE_SECRET gives it (CI: a
 * secret, so that a restored cache is trusted); else 32 random bytes in `$XDG_CONFIG_HOME/eks-migrate/cache-key`
 * (default `~/.config/eks-migrate/cache-key`), made on first use, readable by its owner only. A key inside the
 * cache folder, or none to be had, turns the cache off.
 */
export function cacheSecret(cacheDir: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  if (env.EKS_MIGRATE_CACHE_SECRET) return Buffer.from(env.EKS_MIGRATE_CACHE_SECRET, 'utf8');
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  let home = env.HOME || env.USERPROFILE;
  if (!home) {
    try {
      home = os.homedir();
    } catch {
      home = undefined;
    }
  }
  const base = xdg ?? (home ? path.join(home, '.config') : undefined);
  if (!base) return undefined;
  const file = path.join(base, 'eks-migrate', 'cache-key');
  const inside = path.relative(path.resolve(cacheDir), file);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) return undefined;
  try {
    const key = fs.readFileSync(file);
    return key.length >= 16 ? key : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch {
    /* another run made it first, or the folder is not writable */
  }
  try {
    const key = fs.readFileSync(file);
    return key.length >= 16 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The signature line of a cache file's body. */
const signature = (secret: Buffer, body: string) => crypto.createHmac('sha256', secret).update(body).digest('base64');
/** The checksum an entry carries: of its fields (as stored) and the path it is for. */
const entrySum = (file: string, e: Entry): string => hash(JSON.stringify([file, e.h, e.deps, e.kind, e.findings, e.diagnostics, e.ruleIds, e.t ?? null]));
/** A file's size, times and inode; ctime too: a write always moves it, even when mtime is set back (touch -d, tar). */
const stampOf = (st: fs.Stats) => `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;

/** The cache folder an environment names: EKS_MIGRATE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache + /eks-migrate. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  // a relative EKS_MIGRATE_CACHE_DIR is ignored too: it would put the cache inside whatever tree the run is in
  if (env.EKS_MIGRATE_CACHE_DIR && path.isAbsolute(env.EKS_MIGRATE_CACHE_DIR)) return env.EKS_MIGRATE_CACHE_DIR;
  // a relative XDG_CACHE_HOME is invalid and ignored (XDG Base Directory spec): it would put the cache in the tree
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const base = xdg || (env.HOME || env.USERPROFILE ? path.join((env.HOME || env.USERPROFILE)!, '.cache') : undefined);
  return base && path.join(base, 'eks-migrate');
}

/** eks-migrate's own code as it is on disk (size and time of every compiled file, data file and its package files), with its version. */
function codeStamp(): string {
  const root = projectRoot();
  const fromSources = __filename.endsWith('.ts');
  const dirs = fromSources ? ['src', 'transforms', 'data'] : ['dist', 'data'];
  const parts: string[] = [VERSION];
  const walk = (dir: string) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|json|wasm)$/.test(e.name)) {
        const st = fs.statSync(p);
        parts.push(`${p}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  // the parsers' versions: pinned in package.json; in a checkout, npm install may change them under the same version
  for (const f of ['package.json', 'package-lock.json']) {
    const st = fs.statSync(path.join(root, f), { throwIfNoEntry: false });
    if (st) parts.push(`${f}:${st.size}:${st.mtimeMs}`);
  }
  return hash(parts.join('\n'));
}

export interface CacheKey {
  readonly options: RunOptions;
  readonly rules: readonly string[];
  readonly cwd: string;
  /** --max-file-size: a file above it is reported, not skipped for want of a trigger string. */
  readonly maxFileBytes?: number;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  /** Files (path from the working folder) that held no trigger string, with their size, time and inode then. */
  private readonly skips = new Map<string, string>();
  private readonly skipsNow = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly fingerprints = new Map<string, string>();
  private changed = false;
  private plan?: StoredPlan;
  /** What a result depends on besides its files; what a file's trigger check depends on (not the date, say). */
  private readonly key: string;
  private readonly skipKey: string;

  /** Signs the cache file; without one the cache is neither read nor written. */
  private readonly secret?: Buffer;

  private constructor(private readonly file: string, key: CacheKey, private readonly started: number) {
    this.secret = cacheSecret(path.dirname(file));
    const code = codeStamp();
    const rules = [...key.rules].sort();
    const options = { ...key.options, today: calendarEpoch(key.options.today) };
    const limit = key.maxFileBytes ?? null;
    this.key = hash(JSON.stringify([FORMAT, code, options, rules, key.cwd, limit]));
    this.skipKey = hash(JSON.stringify([FORMAT, code, rules, key.cwd, limit]));
    try {
      // the first line signs the rest: a file anyone else wrote or edited is not read
      const raw = this.secret ? fs.readFileSync(file, 'utf8') : '';
      const nl = raw.indexOf('\n');
      const body = raw.slice(nl + 1);
      const mac = Buffer.from(raw.slice(0, Math.max(0, nl)), 'utf8');
      const want = Buffer.from(this.secret ? signature(this.secret, body) : '', 'utf8');
      if (nl < 0 || mac.length !== want.length || !crypto.timingSafeEqual(mac, want)) throw new Error('not signed with this key');
      const data = JSON.parse(body) as { key?: string; skipKey?: string; entries?: Record<string, Entry>; skips?: Record<string, string>; plan?: StoredPlan };
      if (data.key === this.key) for (const [k, v] of Object.entries(data.entries ?? {})) this.entries.set(k, v);
      if (data.key === this.key && data.plan && typeof data.plan === 'object') this.plan = data.plan;
      if (data.skipKey === this.skipKey) for (const [k, v] of Object.entries(data.skips ?? {})) this.skips.set(k, v);
    } catch {
      /* no cache yet, or an unreadable one: start empty */
    }
  }

  /** The cache for runs in `key.cwd`, kept in `dir`; `now`: when the run started (tests move it). */
  static open(dir: string, key: CacheKey, now = Date.now()): ResultCache {
    return new ResultCache(path.join(dir, `${hash(key.cwd).replace(/[/+=]/g, '').slice(0, 16)}.json`), key, now);
  }

  /**
   * Whether an earlier run found no trigger string in this file and it has not changed since, by its size, times
   * and inode (as git's index and ESLint's cache tell). Such a file is not even read. A file is remembered so only
   * when it had not changed for RACY_MS before the run: a later write within its time stamp's precision would go
   * unseen (git's "racy clean" problem).
   */
  unchangedSkip(file: string, absPath: string): boolean {
    const was = this.skips.get(file);
    if (was === undefined) return false;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(absPath, { throwIfNoEntry: false });
    } catch {
      return false; // EACCES and the like: reading it will say what is wrong
    }
    if (!st || stampOf(st) !== was) return false;
    this.skipsNow.set(file, was);
    return true;
  }

  /** Remembers that `file`, as `st` (its status when it was read) shows it, holds no trigger string. */
  noteSkipped(file: string, st: fs.Stats): void {
    if (Math.max(st.mtimeMs, st.ctimeMs) > this.started - RACY_MS) return; // changed just now: it may change again unseen
    const stamp = stampOf(st);
    this.skipsNow.set(file, stamp);
    if (this.skips.get(file) !== stamp) this.changed = true;
  }

  /** The earlier result for this text of the file, when nothing it depends on has changed since. */
  get(input: { path: string; absPath: string; text: string }, target?: string): FileResult | undefined {
    const e = this.entries.get(input.path);
    try {
      if (!e || e.sum !== entrySum(input.path, e) || (e.t ?? undefined) !== target || e.h !== this.textHash(input.text) || !e.deps.every(([dir, fp]) => this.fingerprint(dir) === fp)) return undefined;
      const file = input.path;
      const r: FileResult = {
        path: file, absPath: input.absPath, kind: e.kind, original: input.text, output: input.text, ruleIds: [...e.ruleIds],
        findings: e.findings.map((f) => ({ ...f, file })), diagnostics: e.diagnostics.map((d) => ({ ...d, file })),
      };
      this.used.add(input.path);
      return r;
    } catch {
      return undefined; // an entry of another shape (edited by hand, say): the file is processed
    }
  }

  /** Keeps `r` when it changes nothing and follows from the text and `folders` (absolute paths) alone. */
  set(r: FileResult, folders: Iterable<string>, target?: string): void {
    if (r.output !== r.original || !r.diagnostics.every((d) => STABLE.has(d.code))) {
      if (this.entries.delete(r.path)) this.changed = true;
      return;
    }
    const strip = <T extends { file: string }>({ file: _file, ...rest }: T) => rest;
    const entry: Entry = {
      h: this.textHash(r.original), deps: [...new Set(folders)].sort().map((d) => [d, this.fingerprint(d)] as const), kind: r.kind,
      findings: r.findings.map(strip), diagnostics: r.diagnostics.map(strip), ruleIds: r.ruleIds, ...(target !== undefined ? { t: target } : {}),
    };
    this.entries.set(r.path, { ...entry, sum: entrySum(r.path, entry) });
    this.used.add(r.path);
    this.changed = true;
  }

  /** The plan stored for `k`, when every folder it read is as it was. */
  getPlan<C>(k: string): StoredPlan<C> | undefined {
    const p = this.plan;
    try {
      if (!p || p.k !== k || !p.deps.every(([dir, fp]) => this.fingerprint(dir) === fp) || typeof p.targets !== 'object' || !Array.isArray(p.clusters)) return undefined;
      return p as StoredPlan<C>;
    } catch {
      return undefined; // another shape: planned again
    }
  }

  setPlan<C>(p: Omit<StoredPlan<C>, 'deps'> & { folders: Iterable<string> }): void {
    const { folders, ...rest } = p;
    this.plan = { ...rest, deps: [...new Set(folders)].sort().map((d) => [d, this.fingerprint(d)] as const) };
    this.changed = true;
  }

  /** Hash of a text, as entries keep it. */
  digest(text: string): string {
    return hash(text);
  }

  /** Writes the cache when this run added to it (temporary file and rename: a concurrent run reads either). */
  save(): void {
    if (!this.changed || !this.secret) return;
    const keep = [...this.entries].sort(([a], [b]) => Number(this.used.has(b)) - Number(this.used.has(a))).slice(0, MAX_ENTRIES);
    const skips = new Map(this.skipsNow);
    for (const [k, v] of this.skips) if (skips.size < MAX_SKIPS && !skips.has(k)) skips.set(k, v);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.prune();
      const body = JSON.stringify({ key: this.key, skipKey: this.skipKey, entries: Object.fromEntries(keep), skips: Object.fromEntries(skips), ...(this.plan ? { plan: this.plan } : {}) });
      fs.writeFileSync(tmp, `${signature(this.secret, body)}\n${body}`);
      fs.renameSync(tmp, this.file);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing was written */
      }
    }
  }

  /**
   * Removes the caches of working folders not used for PRUNE_DAYS or beyond the MAX_FOLDERS most recent (runs in
   * throwaway folders leave one each), and temporary files of killed runs. Only files eks-migrate made: named as it
   * names them (`<16 letters and digits>.json`, and `.<pid>.tmp` after that) and starting as it writes them; the
   * cache folder may be one the user named (`--cache-dir .`, a shared scratch folder) that holds other files.
   */
  private prune(): void {
    const dir = path.dirname(this.file);
    const now = Date.now();
    const caches: Array<[string, number]> = [];
    for (const name of fs.readdirSync(dir)) {
      const own = CACHE_NAME.exec(name);
      if (!own) continue;
      const p = path.join(dir, name);
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      if (!st?.isFile() || !ownCacheFile(p, st, !!own[1])) continue;
      const age = now - st.mtimeMs;
      if ((own[1] && age > 3_600_000) || (!own[1] && age > PRUNE_DAYS * 86_400_000)) fs.rmSync(p, { force: true });
      else if (!own[1] && p !== this.file) caches.push([p, age]);
    }
    for (const [p] of caches.sort((a, b) => a[1] - b[1]).slice(MAX_FOLDERS - 1)) fs.rmSync(p, { force: true });
  }

  /** A text's hash; set() after a get() that missed asks for the same text again. */
  private textHash(text: string): string {
    if (this.lastHash?.text !== text) this.lastHash = { text, h: hash(text) };
    return this.lastHash.h;
  }
  private lastHash?: { text: string; h: string };

  /** The names and texts of a folder's .tf, .tfvars, Terragrunt, template and YAML files, hashed (once a run). */
  private fingerprint(dir: string): string {
    let fp = this.fingerprints.get(dir);
    if (fp === undefined) {
      const h = crypto.createHash('sha1');
      try {
        // as TerraformFolder reads them
        for (const name of fs.readdirSync(dir).filter((n) => FOLDER_FILES.test(n) || GRAPH_FILES.test(n)).sort()) h.update(`${name}\0${readFolderFile(path.join(dir, name)) ?? '\0none'}\0`);
      } catch (e) {
        h.update(`no folder ${(e as NodeJS.ErrnoException).code}`);
      }
      fp = h.digest('base64');
      this.fingerprints.set(dir, fp);
    }
    return fp;
  }
}
