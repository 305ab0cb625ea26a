/**
 * Atomic writes: the new text goes to a temporary file in the same folder (same file system), is flushed, and is
 * renamed over the original, keeping its mode. A crash leaves the original or the new file, never half of one; a
 * left-over temporary file carries TEMP_MARK in its name and is removed by the next run.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const TEMP_MARK = '.eks-migrate-tmp-';
export const isTempFile = (name: string): boolean => name.startsWith(TEMP_MARK);

export function writeAtomic(file: string, text: string): void {
  const st = fs.statSync(file);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${TEMP_MARK}${path.basename(file)}-${crypto.randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
  try {
    // writeSync may write less than asked (a full disk gives a short write before ENOSPC): loop, then check the size
    const data = Buffer.from(text, 'utf8');
    for (let off = 0; off < data.length; ) {
      const n = fs.writeSync(fd, data, off, data.length - off);
      if (n <= 0) throw Object.assign(new Error(`wrote ${off} of ${data.length} bytes`), { code: 'ENOSPC' });
      off += n;
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
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
