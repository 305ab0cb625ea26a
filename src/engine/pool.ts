/**
 * Large trees are read and processed by worker threads, one per core (two here): each takes a contiguous share of the
 * files (a folder's files stay together, so its Terraform index is built once) and sends back what it found. Small
 * runs, and runs from the TypeScript sources (tests), stay in this thread.
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Candidate } from '../files/discover';
import type { RuleModule } from './rule';
import type { RunOptions } from './types';
import { processChunk, type ChunkResult } from '../run';

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_FROM = 4000;

export interface WorkerInput {
  readonly files: readonly Candidate[];
  readonly ruleIds: readonly string[];
  readonly options: RunOptions;
  readonly maxFileBytes?: number;
}

/**
 * Measured on the 2-core machine of this project (npm run bench): two workers each took 660–850 ms for half of a
 * 20,000-file tree that one thread does in about 900 ms (every worker pays its own module loading, wasm compile
 * and JIT warm-up). So workers are off unless EKS_MIGRATE_WORKERS asks for them (and the tree is large); measure
 * again on a machine with more cores before turning them on.
 */
function workerCount(files: number): number {
  const forced = Number(process.env.EKS_MIGRATE_WORKERS);
  if (!Number.isFinite(forced) || forced < 2 || files < PARALLEL_FROM) return 0;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(Math.floor(forced), Math.max(2, cpus));
}

export async function processInParallel(
  files: readonly Candidate[], rules: readonly RuleModule[], options: RunOptions, maxFileBytes: number | undefined, onFile: () => void,
): Promise<ChunkResult> {
  const script = path.join(__dirname, 'worker.js');
  const n = __filename.endsWith('.js') ? workerCount(files.length) : 0;
  if (n < 2) return processChunk(files, rules, options, maxFileBytes, onFile);
  // folders go round-robin to the workers: a folder's files stay together (its Terraform index is built once)
  // and a few busy folders do not all land on one worker
  const order = new Map(files.map((f, i) => [f.absPath, i]));
  const shares: Candidate[][] = Array.from({ length: n }, () => []);
  const folderOf = new Map<string, number>();
  for (const f of files) {
    const dir = path.dirname(f.absPath);
    let k = folderOf.get(dir);
    if (k === undefined) folderOf.set(dir, (k = folderOf.size % n));
    shares[k].push(f);
  }
  const parts = await Promise.all(
    shares.filter((share) => share.length).map(
      (share) =>
        new Promise<ChunkResult>((resolve, reject) => {
          const input: WorkerInput = { files: share, ruleIds: rules.map((r) => r.meta.id), options, maxFileBytes };
          const w = new Worker(script, { workerData: input });
          w.on('message', (m: { progress?: number; done?: ChunkResult }) => {
            if (m.progress) for (let k = 0; k < m.progress; k++) onFile();
            if (m.done) resolve(m.done);
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`a worker stopped with code ${code}`));
          });
        }),
    ),
  );
  const byOrder = <T extends { absPath?: string; file?: string }>(list: T[], key: (t: T) => string) => list.sort((a, b) => (order.get(key(a)) ?? 0) - (order.get(key(b)) ?? 0));
  const abs = new Map(files.map((f) => [f.path, f.absPath]));
  return {
    results: byOrder(parts.flatMap((p) => p.results), (r) => r.absPath!),
    diagnostics: byOrder(parts.flatMap((p) => p.diagnostics), (d) => abs.get(d.file!) ?? ''),
    scanned: parts.reduce((a, p) => a + p.scanned, 0),
  };
}
