/**
 * How the configuration graph reads files: from the disk, or (tests, the RuleTester) from files held in memory.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface FolderReader {
  /** Names of the entries of `dir` (none when it cannot be read). */
  list(dir: string): string[];
  /** A file's text, or null when it is no regular file eks-migrate reads, or unreadable. */
  read(file: string): string | null;
  /** The folders in `dir` (not hidden, not node_modules or .terraform). */
  subdirs(dir: string): string[];
  /** Every file it holds, when it knows them all (files held in memory). */
  all?(): string[];
  /** A file's bytes, for a quick look before it is decoded (null when unreadable); absent: read() serves. */
  bytes?(file: string): Buffer | null;
}

/** Files larger than this are not read for the graph (a generated file, not configuration). */
export const MAX_GRAPH_FILE = 5 * 1024 * 1024;

/** A file as the graph reads it: its text, or null when it is no regular file up to 5 MiB or unreadable. */
export function readFolderFile(file: string): string | null {
  try {
    const st = fs.lstatSync(file); // a FIFO named x.tf must not block, a link is not followed
    return st.isFile() && st.size <= MAX_GRAPH_FILE ? fs.readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

const SKIP = /^\.|^node_modules$/;

/** The folders on disk. */
export const DISK_READER: FolderReader = {
  list: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return []; // an unreadable folder has nothing to say
    }
  },
  read: readFolderFile,
  bytes: (file) => {
    try {
      const st = fs.lstatSync(file);
      return st.isFile() && st.size <= MAX_GRAPH_FILE ? fs.readFileSync(file) : null;
    } catch {
      return null;
    }
  },
  subdirs: (dir) => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !SKIP.test(e.name)).map((e) => e.name);
    } catch {
      return [];
    }
  },
};

/** Files held in memory, by absolute path (their folders are what the paths imply). */
export function memoryReader(files: ReadonlyMap<string, string>): FolderReader {
  return {
    list: (dir) => [...files.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)),
    read: (file) => files.get(file) ?? null,
    subdirs: (dir) => [...new Set([...files.keys()].map((f) => path.relative(dir, f).split(path.sep)).filter((p) => p.length > 1 && p[0] !== '..').map((p) => p[0]))],
    all: () => [...files.keys()],
  };
}

/** Whether `p` is `dir` or inside it. */
export const inside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Files as a base reader has them, but those of `overlay` (path → text) as given there (a step of a journey). */
export function overlayReader(base: FolderReader, overlay: ReadonlyMap<string, string>): FolderReader {
  return {
    list: (dir) => base.list(dir),
    subdirs: (dir) => base.subdirs(dir),
    read: (file) => overlay.get(file) ?? base.read(file),
    ...(base.bytes ? {
      bytes: (file: string) => {
        const t = overlay.get(file);
        return t !== undefined ? Buffer.from(t, 'utf8') : base.bytes!(file);
      },
    } : {}),
  };
}
