/** The design card's walls, from the source's imports (scripts/layers.js: `npm run layers` prints the graph). */
import { execFileSync } from 'child_process';
import * as path from 'path';

test('no import cycle, and every arrow between layers is one the design card allows', () => {
  const run = () => execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'layers.js'), '--quiet'], { encoding: 'utf8', stdio: 'pipe' });
  expect(run).not.toThrow();
});

test('one place finds node bootstrap sites: no rule matches bootstrap.sh or calls bootstrapCalls itself', () => {
  const fs = require('fs') as typeof import('fs');
  const root = path.join(__dirname, '..', 'transforms');
  const offenders: string[] = [];
  for (const rule of fs.readdirSync(root)) {
    const dir = path.join(root, rule);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.endsWith('.test.ts'))) {
      fs.readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
        if (/\/[^/\n]*bootstrap\\\.sh[^/\n]*\/[gimsuy]*/.test(l) || /\bbootstrapCalls\(/.test(l)) offenders.push(`transforms/${rule}/${f}:${i + 1}`);
      });
    }
  }
  expect(offenders).toEqual([]);
});
