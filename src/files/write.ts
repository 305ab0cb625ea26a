/**
 * Atomic writes: the new text goes to a temporary file in the same folder (same file system), is flushed, and is
 * renamed over the original, keeping its mode. A crash leaves the original or the new file, never half of one. Each
 * temporary file is noted in a journal (TempJournal) before it is made; a later run removes the ones a killed run
 * left, and nothing else: a file of the tree is never removed for its name.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const TEMP_MARK = '.eks-migrate-tmp-';
export const isTempFile = (name: string): boolean => name.startsWith(TEMP_MARK);

/**
 * The temporary files of one run, listed in a file of their own in `folder` (the cache folder) while they exist. A
 * run's list outlives it only when the run was killed: `sweep` removes what such lists name.
 */
export class TempJournal {
  private readonly list: string;
  private readonly live = new Set<string>();

  constructor(private readonly folder: string) {
    this.list = path.join(folder, `${process.pid}-${crypto.randomBytes(4).toString('hex')}.temps`);
  }

  /** Removes the temporary files that runs no longer alive left behind, and their lists. */
  sweep(): void {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.folder).filter((n) => n.endsWith('.temps'));
    } catch {
      return;
    }
    for (const n of names) {
      const pid = Number(n.split('-')[0]);
      if (pid === process.pid || alive(pid)) continue;
      const list = path.join(this.folder, n);
      try {
        for (const t of fs.readFileSync(list, 'utf8').split('\n')) if (t && isTempFile(path.basename(t))) fs.rmSync(t, { force: true });
        fs.rmSync(list, { force: true });
      } catch {
        /* another run sweeps it */
      }
    }
  }

  add(tmp: string): void {
    if (!this.live.size) fs.mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    this.live.add(tmp);
    fs.appendFileSync(this.list, `${tmp}\n`);
  }

  done(tmp: string): void {
    this.live.delete(tmp);
    if (!this.live.size) fs.rmSync(this.list, { force: true });
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
 * Replaces `file` with `text` through a temporary file and a rename. `read`: the file's stat taken before its content
 * was last read and compared; right before the rename the file must still be that one (inode, size, modification
 * time), so a save that landed after that read is kept and the file reported instead. What remains is the moment
 * between that last look and the rename itself (microseconds); no lock exists that editors would honour.
 */
export function writeAtomic(file: string, text: string, journal?: TempJournal, read?: fs.Stats): void {
  const st = read ?? fs.statSync(file);
  // a new file renamed over it would leave the other names pointing at the old text
  if (st.nlink > 1) throw new WriteRefused(`has ${st.nlink} hard links, which replacing it would break; it is unchanged (apply the edits with --patch, or by hand)`);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${TEMP_MARK}${path.basename(file)}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  journal?.add(tmp);
  try {
    writeTemp(file, tmp, text, st);
  } finally {
    journal?.done(tmp);
  }
}

function writeTemp(file: string, tmp: string, text: string, st: fs.Stats): void {
  const fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
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
    if (now.ino !== st.ino || now.size !== st.size || now.mtimeMs !== st.mtimeMs) {
      throw new WriteRefused('changed on disk while eks-migrate was writing it; left as it is now (run again)');
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
