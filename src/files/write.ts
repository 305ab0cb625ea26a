/**
 * Atomic writes: the new text goes to a temporary file in the same folder (same file system), is flushed, and is
 * renamed over the original, keeping its mode. A crash leaves the original or the new file, never half of one. Each
 * temporary file is noted in a journal (TempJournal) before it is made; a later run removes the ones a killed run
 * left, and nothing else: a file of the tree is never removed for its name.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const TEMP_MARK = '.eks-migrate-tmp-';
export const isTempFile = (name: string): boolean => name.startsWith(TEMP_MARK);

/**
 * A folder of this user's own in the system's temporary folder, for the journal when the cache folder cannot be
 * written (HOME unset or read-only: containers, service users). It must be a real folder this user owns that no one
 * else can write; undefined otherwise (another user made it first, or it is a symbolic link).
 */
export function ownTempFolder(create: boolean, base = os.tmpdir()): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = path.join(base, `eks-migrate-${uid}`);
  if (create) {
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  }
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The temporary files of one run, listed in a file of their own while they exist: in the first of `folders` (the
 * cache folder's temps/, then a folder of this user's own in the system's temporary folder) where the list can be
 * written. A run's list outlives it only when the run was killed: `sweep` removes what such lists name. When no
 * folder can hold a list, the run goes on without one (`unjournaled` says why): a temporary file is still removed on
 * every error; only a killed run leaves one, which no later run removes for its name.
 */
export class TempJournal {
  private list?: string;
  private readonly live = new Set<string>();
  /** Why no list could be written (the first failure), when none could. */
  unjournaled?: string;

  /** `folder`: where lists go; `fallback` (given: the system's temporary folder) when it cannot be written. */
  constructor(private readonly folder: string | undefined, private readonly fallback: string | undefined = os.tmpdir()) {}

  /** The folder, then (made only when asked, and only when the first is not enough) this user's own temporary one. */
  private *folders(create: boolean): Generator<string> {
    if (this.folder) yield this.folder;
    const own = this.fallback !== undefined ? ownTempFolder(create, this.fallback) : undefined;
    if (own && own !== this.folder) yield own;
  }

  /** Removes the temporary files that runs no longer alive left behind, and their lists. */
  sweep(): void {
    for (const folder of this.folders(false)) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(folder).filter((n) => /^\d+-[0-9a-f]+\.temps$/.test(n));
      } catch {
        continue;
      }
      for (const n of names) {
        const pid = Number(n.split('-')[0]);
        if (pid === process.pid || alive(pid)) continue;
        const list = path.join(folder, n);
        try {
          for (const t of fs.readFileSync(list, 'utf8').split('\n')) if (t && isTempFile(path.basename(t))) fs.rmSync(t, { force: true });
          fs.rmSync(list, { force: true });
        } catch {
          /* another run sweeps it */
        }
      }
    }
  }

  add(tmp: string): void {
    this.live.add(tmp);
    if (this.list) {
      try {
        fs.appendFileSync(this.list, `${tmp}\n`);
        return;
      } catch {
        /* the folder went away: look for another */
      }
    }
    const name = `${process.pid}-${crypto.randomBytes(4).toString('hex')}.temps`;
    let why: string | undefined;
    for (const folder of this.folders(true)) {
      try {
        fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
        const list = path.join(folder, name);
        fs.writeFileSync(list, [...this.live].map((t) => `${t}\n`).join(''), { flag: 'wx', mode: 0o600 });
        if (this.list && this.list !== list) fs.rmSync(this.list, { force: true });
        this.list = list;
        return;
      } catch (e) {
        why ??= `${folder} (${(e as NodeJS.ErrnoException).code ?? e})`;
      }
    }
    why ??= 'no folder of its own';
    this.list = undefined;
    this.unjournaled ??= why;
  }

  done(tmp: string): void {
    this.live.delete(tmp);
    if (!this.live.size && this.list) {
      fs.rmSync(this.list, { force: true });
      this.list = undefined;
    }
  }
}

const alive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A file eks-migrate will not replace, and why (the message is shown as it is). */
export class WriteRefused extends Error {
  readonly code = 'REFUSED';
}

/**
 * What a rewrite must keep besides owner and mode: the names of each file's extended attributes (POSIX ACLs are
 * `system.posix_acl_access`, SELinux labels `security.selinux`), read for many files at once. Node has no API for
 * them: one python3 call lists them (os.listxattr); where python3 is missing, or cannot tell for a file, the file's
 * entry is undefined and its rewrite copies the attributes with GNU cp (`--attributes-only`), refusing the file when
 * that cannot be done.
 */
export function xattrNames(files: readonly string[], python = 'python3'): Map<string, string[] | undefined> {
  const out = new Map<string, string[] | undefined>(files.map((f) => [f, undefined]));
  if (!files.length || process.platform !== 'linux') return out;
  const script = 'import os,sys,json\nr=[]\nfor p in sys.stdin.buffer.read().split(b"\\0"):\n  if not p: continue\n  try: r.append(os.listxattr(p,follow_symlinks=False))\n  except OSError as e: r.append([] if e.errno in (95,) else None)\nprint(json.dumps(r))\n';
  try {
    const res = spawnSync(python, ['-I', '-c', script], { input: Buffer.from(files.map((f) => `${f}\0`).join('')), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000, stdio: ['pipe', 'pipe', 'ignore'] });
    if (res.status !== 0) return out;
    const names = JSON.parse(res.stdout) as Array<string[] | null>;
    if (names.length !== files.length) return out;
    files.forEach((f, i) => out.set(f, names[i] === null ? undefined : names[i]!.map(String)));
  } catch {
    /* no python3: each rewrite copies the attributes itself */
  }
  return out;
}

/**
 * Copies the ACL and extended attributes of `from` to `to` (GNU cp: `--attributes-only --preserve=mode,xattr`), or
 * throws WriteRefused saying why it cannot.
 */
function copyAttributes(from: string, to: string, names: readonly string[] | undefined): void {
  const what = names?.length ? `extended attributes (${names.join(', ')})` : 'ACLs or extended attributes it may have (eks-migrate could not list them)';
  const res = spawnSync('cp', ['--attributes-only', '--preserve=mode,xattr', '--', from, to], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  if (res.status !== 0) {
    const why = res.error ? `cp: ${(res.error as NodeJS.ErrnoException).code ?? res.error.message}` : (res.stderr || `cp exited ${res.status}`).trim().split('\n')[0];
    throw new WriteRefused(`has ${what}, which a rewrite would drop and eks-migrate could not copy (${why}); it is unchanged (apply the edits with --patch)`);
  }
}

/**
 * Replaces `file` with `text` through a temporary file and a rename. `read`: the file's stat taken before its content
 * was last read and compared; `expect`: that content. Right before the rename the file must still be that one
 * (inode, size, modification time) and hold that content (read again: a same-size save within the time stamp's
 * precision — 1 s on FAT, HFS+, ext4 with small inodes — changes no stat field), so a save that landed after that
 * read is kept and the file reported instead. What remains is the moment between that last look and the rename
 * itself; no lock exists that editors would honour. `xattrs`: the names of the file's extended attributes (ACLs
 * included), [] when it has none; undefined (not known) copies whatever it has. A file whose attributes cannot be
 * kept is refused, as one whose owner cannot be.
 */
export function writeAtomic(file: string, text: string, journal?: TempJournal, read?: fs.Stats, expect?: string, xattrs?: readonly string[]): void {
  const st = read ?? fs.statSync(file);
  // a new file renamed over it would leave the other names pointing at the old text
  if (st.nlink > 1) throw new WriteRefused(`has ${st.nlink} hard links, which replacing it would break; it is unchanged (apply the edits with --patch, or by hand)`);
  const dir = path.dirname(file);
  // short whatever the file's name (a long one plus a suffix would pass NAME_MAX)
  const tmp = path.join(dir, `${TEMP_MARK}${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  journal?.add(tmp);
  try {
    writeTemp(file, tmp, text, st, expect, xattrs);
  } finally {
    journal?.done(tmp);
  }
}

function writeTemp(file: string, tmp: string, text: string, st: fs.Stats, expect: string | undefined, xattrs: readonly string[] | undefined): void {
  const fd = fs.openSync(tmp, 'wx', (st.mode & 0o777) | 0o600);
  try {
    // writeSync may write less than asked (a full disk gives a short write before ENOSPC): loop, then check the size
    const data = Buffer.from(text, 'utf8');
    for (let off = 0; off < data.length; ) {
      const n = fs.writeSync(fd, data, off, data.length - off);
      if (n <= 0) throw Object.assign(new Error(`wrote ${off} of ${data.length} bytes`), { code: 'ENOSPC' });
      off += n;
    }
    // keep owner and group (as root, the new file would be root's); a user who cannot is not allowed to replace it
    const own = fs.fstatSync(fd);
    if (own.uid !== st.uid || own.gid !== st.gid) {
      try {
        fs.fchownSync(fd, st.uid, st.gid);
      } catch {
        throw new WriteRefused(`belongs to ${st.uid}:${st.gid}, and a rewrite by this user would change its owner; it is unchanged`);
      }
    }
    // ACLs and extended attributes (user.*, security.selinux): copied, or the file refused (Linux only: elsewhere
    // they are not looked at)
    if (process.platform === 'linux' && (xattrs === undefined || xattrs.length)) copyAttributes(file, tmp, xattrs);
    fs.fsyncSync(fd);
    const size = fs.fstatSync(fd).size;
    if (size !== data.length) throw Object.assign(new Error(`the temporary file has ${size} of ${data.length} bytes`), { code: 'EIO' });
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.chmodSync(tmp, st.mode & 0o7777);
    const now = fs.lstatSync(file);
    if (now.ino !== st.ino || now.size !== st.size || now.mtimeMs !== st.mtimeMs || (expect !== undefined && fs.readFileSync(file, 'utf8') !== expect)) {
      throw new WriteRefused('changed on disk while eks-migrate was writing it; left as it is now (run again)');
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
