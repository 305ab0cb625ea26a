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
    fs.writeSync(fd, Buffer.from(text, 'utf8'));
    fs.fsyncSync(fd);
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
