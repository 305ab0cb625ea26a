/**
 * The shipped examples are what a new user runs first (`npx eks-migrate --dry-run examples/`): running
 * eks-migrate on a copy must give exactly test/examples-expected/, and a second run nothing more.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allFiles } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const EXPECTED = path.join(__dirname, 'examples-expected');

test('eks-migrate on examples/ gives test/examples-expected/ byte for byte, then nothing more', async () => {
  const dir = tempDir('eksm-examples-');
  try {
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    const first = await runOn(dir, undefined);
    expect(first.diagnostics).toEqual([]);
    expect(allFiles(dir)).toEqual(allFiles(EXPECTED));
    for (const f of allFiles(EXPECTED)) {
      expect(`${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).toBe(`${f}:\n${fs.readFileSync(path.join(EXPECTED, f), 'utf8')}`);
    }
    const second = await runOn(dir, undefined);
    expect(second.written).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
