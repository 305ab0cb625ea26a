/** The design card's walls, from the source's imports (scripts/layers.js: `npm run layers` prints the graph). */
import { execFileSync } from 'child_process';
import * as path from 'path';

test('no import cycle, and every arrow between layers is one the design card allows', () => {
  const run = () => execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'layers.js'), '--quiet'], { encoding: 'utf8', stdio: 'pipe' });
  expect(run).not.toThrow();
});
