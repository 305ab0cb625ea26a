/**
 * Files with uncommitted changes, so that an in-place run does not overwrite work a user has not saved in git.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** What git says of a file: no uncommitted work, some, or it could not say (why). */
export type DirtyState = 'clean' | 'dirty' | { readonly unknown: string };

/**
 * Whether a file has work git could not give back: asked of the file's own repository (a nested repository or a
 * submodule is its own), from whatever folder eks-migrate runs in, by the file's real path (a folder named through a
 * symbolic link is where git finds it). Modified, staged, renamed, untracked and ignored files (`.gitignore`,
 * `.git/info/exclude`) all count. A file outside any git work tree has nothing to lose to git and is clean. A file
 * under a folder that holds `.git` where git cannot answer (git missing, "dubious ownership", a damaged repository)
 * is `unknown`: it is treated as dirty, never as clean.
 */
export class DirtyFiles {
  private readonly rootOfDir = new Map<string, { root: string | null; why?: string }>();
  private readonly byRoot = new Map<string, Set<string> | string>();

  constructor(private readonly git = 'git') {}

  has(file: string): boolean {
    return this.state(file) !== 'clean';
  }

  state(file: string): DirtyState {
    const real = realpathOr(file);
    const r = this.root(path.dirname(real));
    if (r.why) return { unknown: r.why };
    const root = r.root;
    if (!root) return 'clean';
    if (!this.byRoot.has(root)) this.byRoot.set(root, uncommittedFiles(this.git, root));
    const set = this.byRoot.get(root)!;
    if (typeof set === 'string') return { unknown: set };
    if (set.has(real)) return 'dirty';
    // a folder git reports whole (`!! local/`, `?? new/`): every file in it
    for (const e of set) if (e.endsWith(path.sep) && real.startsWith(e)) return 'dirty';
    return 'clean';
  }

  private root(dir: string): { root: string | null; why?: string } {
    let r = this.rootOfDir.get(dir);
    if (r === undefined) {
      const res = spawnSync(this.git, ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (res.status === 0 && res.stdout.trim()) r = { root: realpathOr(res.stdout.trim()) };
      else {
        // not a repository, or git could not tell: a folder holding .git at or above says which
        const holder = dotGitAbove(dir);
        r = holder ? { root: null, why: `${holder} is a git repository, but git could not say what is uncommitted (${gitError(res)})` } : { root: null };
      }
      this.rootOfDir.set(dir, r);
    }
    return r;
  }
}

/** The first line of what git said, or why it did not run. */
function gitError(res: ReturnType<typeof spawnSync>): string {
  if (res.error) return (res.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git was not found' : `git: ${(res.error as NodeJS.ErrnoException).code ?? res.error.message}`;
  const line = String(res.stderr ?? '').split('\n').map((l) => l.trim()).find(Boolean);
  return line ? line.replace(/^fatal:\s*/, 'git: ') : `git exited ${res.status ?? res.signal}`;
}

/** The folder at or above `dir` that holds `.git` (a folder or a file). */
function dotGitAbove(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      fs.lstatSync(path.join(d, '.git'));
      return d;
    } catch {
      /* not here */
    }
    if (path.dirname(d) === d) return undefined;
  }
}

const realpathOr = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * Absolute paths of files that differ from HEAD in the work tree whose top folder is `root` (modified, staged,
 * untracked, ignored, renamed), or why git cannot tell.
 */
function uncommittedFiles(git: string, root: string): Set<string> | string {
  const res = spawnSync(git, ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored=matching'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (res.status !== 0 || res.error) return `${root} is a git repository, but git could not say what is uncommitted (${gitError(res)})`;
  const out = res.stdout;
  const files = new Set<string>();
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length < 4) continue;
    files.add(path.join(root, p.slice(3)));
    if (p[0] === 'R' || p[0] === 'C') i++; // the next entry is the old name
  }
  return files;
}

/** "Name <email>" from git's user.name and user.email in `cwd` (a placeholder for either that is not set). */
export function gitAuthor(cwd: string): string {
  const get = (k: string) => {
    try {
      return execFileSync('git', ['config', k], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return `${get('user.name') || 'eks-migrate'} <${get('user.email') || 'eks-migrate@localhost'}>`;
}
