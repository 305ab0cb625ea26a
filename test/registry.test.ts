/**
 * The registry and the rule folders: every folder under transforms/ is a complete rule (README, index.ts, tests,
 * fixtures with their findings), listed once in the registry; meta says what the rule does (fixable, order, docs,
 * message ids); every data table row names its source and an as-of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { orderRules } from '../src/engine/rule';
import type { RuleMeta } from '../src/engine/types';
import { KNOWN_RULES } from '../src/run';
import { RULES } from '../transforms';

const ROOT = path.join(__dirname, '..');
const TRANSFORMS = path.join(ROOT, 'transforms');
const folders = fs.readdirSync(TRANSFORMS, { withFileTypes: true }).filter((e) => e.isDirectory() && !/^[_.]/.test(e.name)).map((e) => e.name).sort();

test('the registry lists every rule folder once, and nothing else', () => {
  expect(RULES.map((r) => r.meta.id).sort()).toEqual(folders);
  expect([...KNOWN_RULES].sort()).toEqual(folders);
});

describe.each(folders)('transforms/%s', (id) => {
  const dir = path.join(TRANSFORMS, id);
  const rule = RULES.find((r) => r.meta.id === id)!;
  const fixtures = path.join(dir, '__testfixtures__');
  const findings = fs.existsSync(fixtures) ? fs.readdirSync(fixtures).filter((f) => f.endsWith('.findings')).map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')).join('\n') : '';

  test('has README.md, index.ts, a test file and fixtures', () => {
    for (const f of ['README.md', 'index.ts', `${id}.test.ts`]) expect(`${f}: ${fs.existsSync(path.join(dir, f))}`).toBe(`${f}: true`);
    expect(fs.readdirSync(fixtures).length).toBeGreaterThan(0);
  });

  test('meta: docs is its README, version a minor, order names rules that exist', () => {
    expect(rule.meta.docs).toBe(`transforms/${id}/README.md`);
    expect(rule.meta.version).toMatch(/^1\.\d+$/);
    for (const other of rule.meta.runsAfter ?? []) expect(folders).toContain(other);
    expect(rule.meta.title.length).toBeGreaterThan(10);
  });

  test('meta.fixable matches what its fixtures show it doing', () => {
    const fixes = new RegExp(`\\sfix ${id}$`, 'm').test(findings);
    expect(`fixable: ${rule.meta.fixable}`).toBe(`fixable: ${fixes}`);
  });

  test('meta.messages: ids with templates whose placeholders are words', () => {
    const messages = rule.meta.messages ?? {};
    expect(Object.keys(messages).length).toBeGreaterThan(0);
    for (const [k, t] of Object.entries(messages)) {
      expect(k).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(t).not.toMatch(/\{\{(?!\s*[\w.-]+\s*\}\})/);
    }
  });
});

test('the declared order has no cycle and puts each rule after those it names', () => {
  const order = orderRules(RULES).map((r) => r.meta.id);
  for (const r of RULES) for (const other of r.meta.runsAfter ?? []) expect(order.indexOf(other)).toBeLessThan(order.indexOf(r.meta.id));
});

test('orderRules: by id where nothing is declared, and a cycle is an error', () => {
  const rule = (id: string, runsAfter?: string[]) => ({ meta: { id, runsAfter } as unknown as RuleMeta, create: () => ({}) });
  expect(orderRules([rule('b'), rule('a'), rule('c', ['d']), rule('d')]).map((r) => r.meta.id)).toEqual(['a', 'b', 'd', 'c']);
  expect(() => orderRules([rule('a', ['b']), rule('b', ['a'])])).toThrow(/wait on each other/);
});

test('every row of a data table names its source and an as-of date', () => {
  for (const name of ['kubelet-flags.json', 'feature-gates.json', 'api-moves.json', 'annotation-fields.json']) {
    const rows = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', name), 'utf8')) as Array<{ source?: string; asOf?: string }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(`${name}: ${typeof r.source === 'string' && r.source.length > 10}`).toBe(`${name}: true`);
      expect(`${name}: ${r.asOf}`).toMatch(/: \d{4}-\d\d-\d\d$/);
    }
  }
});
