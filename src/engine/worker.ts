/** A worker thread of the pool (pool.ts): processes its share of the files and posts the results back. */
import { parentPort, workerData } from 'worker_threads';
import { RULES } from '../../transforms';
import { processChunk } from '../run';
import type { WorkerInput } from './pool';

const input = workerData as WorkerInput;
const rules = RULES.filter((r) => input.ruleIds.includes(r.meta.id));
let pending = 0;
processChunk(input.files, rules, input.options, input.maxFileBytes, () => {
  if (++pending >= 200) {
    parentPort!.postMessage({ progress: pending });
    pending = 0;
  }
}).then((done) => {
  if (pending) parentPort!.postMessage({ progress: pending });
  parentPort!.postMessage({ done });
});
