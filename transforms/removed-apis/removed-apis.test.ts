import { fixtureTests, runOn, tempDir } from '../../test/helpers/fixtures';
import * as fs from 'fs';
import * as path from 'path';
import { MOVES, moveFor } from '.';

describe('removed-apis', () => {
  fixtureTests(__dirname, ['removed-apis']);

  test('only removals at or before the target apply', async () => {
    expect(moveFor('batch/v1beta1', 'CronJob', '1.24')).toBeUndefined();
    expect(moveFor('batch/v1beta1', 'CronJob', '1.25')?.to).toBe('batch/v1');
    expect(moveFor('storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.26')).toBeUndefined();
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'c.yaml'), 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\n');
      const r = await runOn(dir, ['removed-apis'], { options: { target: '1.24', seccompDefault: true, today: '2026-11-28' } });
      expect(r.written).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every move names a removal version and either a replacement or why there is none', () => {
    for (const m of MOVES) {
      expect(m.removedIn).toMatch(/^1\.\d+$/);
      expect(Boolean(m.to) || Boolean(m.gone)).toBe(true);
    }
  });
});
