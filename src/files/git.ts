/**
 * Files with uncommitted changes, so that an in-place run does not overwrite work a user has not saved in git.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Whether a file has work git could not give back: asked of the file's own repository (a nested repository or a
 * submodule is its own), from whatever folder eks-migrate runs in. Modified, staged, renamed, untracked and ignored
 * files (`.gitignore`, `.git/info/exclude`) all count. A file outside any git work tree has nothing to lose to git
 * and is not dirty.
 */
export class DirtyFiles {
  private readonly rootOfDir = new Map<string, string | null>();
  private readonly byRoot = new Map<string, Set<string> | undefined>();

  has(file: string): boolean {
    const root = this.root(path.dirname(file));
    if (!root) return false;
    if (!this.byRoot.has(root)) this.byRoot.set(root, uncommittedFiles(root));
    const set = this.byRoot.get(root);
    if (!set) return false;
    if (set.has(file)) return true;
    // a folder git reports whole (`!! local/`, `?? new/`): every file in it
    for (const e of set) if (e.endsWith(path.sep) && file.startsWith(e)) return true;
    return false;
  }

  private root(dir: string): string | null {
    let r = this.rootOfDir.get(dir);
    if (r === undefined) {
      try {
        r = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
      } catch {
        r = null;
      }
      this.rootOfDir.set(dir, r);
    }
    return r;
  }
}

/**
 * Absolute paths of files that differ from HEAD in the work tree whose top folder is `root` (modified, staged,
 * untracked, ignored, renamed), or undefined when git cannot tell.
 */
function uncommittedFiles(root: string): Set<string> | undefined {
  let out: string;
  try {
    out = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored=matching'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  } catch {
    return undefined;
  }
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
