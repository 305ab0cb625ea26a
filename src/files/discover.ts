/**
 * Which files a run looks at: the paths given (files or folders, walked recursively), honouring `.gitignore` files
 * from the repository root down and `--ignore` globs, skipping `.git`, `node_modules`, `.terraform`. Symbolic links
 * are not followed (a rewrite would replace the link with a file); broken ones are reported.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic, FileKind } from '../engine/types';
import { globMatcher } from './glob';
import { isTempFile } from './write';

export const SKIP_DIRS = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache']);

export interface Candidate {
  readonly absPath: string;
  /** As the user reads it: relative to the working folder, with forward slashes. */
  readonly path: string;
  /** Named on the command line (read even when it is not a known kind). */
  readonly explicit: boolean;
}

export interface Discovery {
  readonly files: Candidate[];
  readonly diagnostics: Diagnostic[];
  /** Temporary files an interrupted earlier run left behind. */
  /** Files named like eks-migrate's temporary files: not inputs, and never removed for their name (see TempJournal). */
  readonly staleTemps: string[];
  /** Symbolic links that were not followed. */
  readonly symlinks: number;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Kind of a file by its name; 'text' for anything else (read only when it calls bootstrap.sh). */
export function kindOf(file: string): FileKind {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.tf.json') || base.endsWith('.tfvars.json')) return 'tfjson';
  if (/\.(tf|tfvars|hcl)$/.test(base)) return 'hcl';
  if (/\.(ya?ml)$/.test(base)) return 'yaml';
  if (base.endsWith('.json')) return 'json';
  return 'text';
}

/**
 * Files of kind 'text' that are never treated as shell: documentation and program sources (a bootstrap.sh call
 * quoted in Go or Markdown is not a script).
 */
const NOT_SCRIPTS = /\.(md|markdown|rst|adoc|patch|diff|rej|orig|log|html?|go|py|js|mjs|cjs|ts|tsx|jsx|java|kt|rb|rs|c|cc|cpp|h|hpp|cs|php|swift|scala|lock|tsv|csv|svg|png|jpe?g|gif|ico|pdf|zip|gz|tgz|tar|jar|wasm|exe|dll|so|dylib|bin|ps1|bat|cmd)$/i;
export const mayBeScript = (file: string): boolean => !NOT_SCRIPTS.test(file) && !/^(LICENSE|NOTICE|COPYING|README|CHANGELOG|CHANGES|HISTORY|NEWS|AUTHORS|CONTRIBUTING)(\.|$)/i.test(path.basename(file));

/**
 * A text file without an extension (or a .txt) is a script only when it says so (a shebang, a MIME header,
 * #cloud-config): a README, NOTES or a commit message that quotes a bootstrap.sh call is prose. Dockerfiles and
 * Containerfiles are read as they are.
 */
export function scriptByContent(file: string, text: string): boolean {
  const base = path.basename(file);
  if (/^(Dockerfile|Containerfile)$/i.test(base)) return true;
  // a name with an extension says what it is, but .txt: user data saved as text, or notes
  if (base.replace(/^\./, '').includes('.') && !/\.(txt|text)$/i.test(base)) return true;
  return /^\uFEFF?(#!|#cloud-config|MIME-Version:|Content-Type:)/i.test(text);
}

interface GitIgnoreLayer {
  base: string;
  ig: Ignore;
}

function loadGitignore(dir: string): GitIgnoreLayer | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, ig: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** The folder that holds `.git` at or above `dir`. */
export function gitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function ignoredByGit(layers: readonly GitIgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of layers) {
    const rel = toPosix(path.relative(l.base, abs));
    if (!rel || rel.startsWith('..')) continue;
    const r = l.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** The real path of `p`, or `p` when it has none (it does not exist). */
export function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Whether `p` is `root` or inside it (both absolute and normalized). */
export const isInside = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The tree a path named by the user belongs to: the working folder's repository (else the working folder) when the
 * path is written inside it; else the repository that holds the path; undefined for a path outside any repository
 * and outside the working folder (an absolute path elsewhere: the user chose it).
 */
export function treeOf(abs: string, cwd: string): string | undefined {
  const here = path.resolve(cwd);
  const tree = gitRoot(here) ?? here;
  return isInside(abs, tree) ? tree : gitRoot(abs);
}

/**
 * The real path of `abs` (named by the user, as written, absolute), when it stays inside the real path of the tree
 * it was named in; else why it is refused. A committed symbolic link (`envs -> ../victim`) cannot take a run outside
 * the repository.
 */
export function containedPath(abs: string, cwd: string): string | { refused: string } {
  const real = realpathOr(abs);
  const tree = treeOf(abs, cwd);
  if (!tree) return real;
  const root = realpathOr(tree);
  if (isInside(real, root)) return real;
  return { refused: `resolves through a symbolic link to ${real}, outside the tree it was named in (${root}): refused; name a path inside it` };
}

export function discover(paths: readonly string[], opts: { cwd: string; ignore?: readonly string[] }): Discovery {
  const files: Candidate[] = [];
  const diagnostics: Diagnostic[] = [];
  const staleTemps: string[] = [];
  let symlinks = 0;
  const seen = new Set<string>();
  // matched in linear time (glob.ts): a glob from a cloned repository cannot stall the walk
  const globs = (opts.ignore ?? []).map((g) => ({ slash: g.includes('/'), m: globMatcher(g.replace(/\/$/, '')) }));
  const display = (abs: string) => toPosix(path.relative(opts.cwd, abs)) || path.basename(abs);
  const ignoredByGlob = (abs: string) => {
    if (!globs.length) return false;
    const rel = display(abs);
    const base = path.basename(abs);
    return globs.some((g) => g.m(rel) || (!g.slash && g.m(base)));
  };
  const add = (abs: string, explicit: boolean, shown = display(abs)) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push({ absPath: abs, path: shown, explicit });
  };
  const problem = (abs: string, message: string) => diagnostics.push({ file: display(abs), code: 'unreadable', message });

  const walk = (dir: string, layers: GitIgnoreLayer[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problem(dir, `cannot read this folder (${(e as NodeJS.ErrnoException).code ?? e})`);
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? loadGitignore(dir) : undefined;
    const here = own ? [...layers, own] : layers;
    const rel = toPosix(path.relative(opts.cwd, dir)); // once per folder: a file's path is this + its name
    const shown = (name: string) => (rel ? `${rel}/${name}` : name);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep; // dir is absolute and normalized already
    for (const e of entries) {
      const abs = prefix + e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || ignoredByGlob(abs) || ignoredByGit(here, abs, true)) continue;
        walk(abs, here);
      } else if (e.isFile()) {
        if (isTempFile(e.name)) {
          staleTemps.push(abs);
          continue;
        }
        if (ignoredByGlob(abs) || (here.length && ignoredByGit(here, abs, false))) continue;
        add(abs, false, shown(e.name));
      } else if (e.isSymbolicLink()) {
        if (ignoredByGlob(abs) || ignoredByGit(here, abs, false)) continue;
        try {
          fs.statSync(abs);
          symlinks++;
        } catch (err) {
          problem(abs, `broken symbolic link (${(err as NodeJS.ErrnoException).code ?? err}); skipped`);
        }
      }
    }
  };

  for (const p of paths.length ? paths : ['.']) {
    const named = path.resolve(opts.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(named);
    } catch {
      problem(named, 'no such file or folder');
      continue;
    }
    // the real path (folders on the way resolved) is what is read, written and asked of git; it must stay inside
    // the tree the path was named in (its repository, else the working folder)
    let abs = named;
    if (!st.isSymbolicLink()) {
      const inTree = containedPath(named, opts.cwd);
      if (typeof inTree !== 'string') {
        problem(named, inTree.refused);
        continue;
      }
      abs = inTree;
    }
    if (st.isSymbolicLink()) {
      try {
        fs.statSync(abs);
        symlinks++;
        problem(abs, 'is a symbolic link; eks-migrate does not follow links (name the file it points to)');
      } catch (err) {
        problem(abs, `broken symbolic link (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
    } else if (st.isDirectory()) {
      const root = gitRoot(abs);
      const layers: GitIgnoreLayer[] = [];
      if (root) {
        const chain: string[] = [];
        for (let d = path.dirname(abs); root && d.length >= root.length; d = path.dirname(d)) {
          chain.unshift(d);
          if (d === root || path.dirname(d) === d) break;
        }
        if (abs !== root) for (const d of chain) {
          const l = loadGitignore(d);
          if (l) layers.push(l);
        }
      }
      walk(abs, layers);
    } else if (st.isFile()) {
      add(abs, true);
    } else {
      problem(abs, 'not a regular file; skipped');
    }
  }
  return { files, diagnostics, staleTemps, symlinks };
}
