import { splice } from './fixer';
import { triggerRegExp } from './process';

const g = (...edits: Array<[number, number, string]>) => ({ edits: edits.map(([s, e, text]) => ({ range: [s, e] as const, text })) });

describe('splice', () => {
  test('no edits returns the very same string', () => {
    const text = 'abc';
    expect(splice(text, []).text).toBe(text);
  });

  test('applies edits from the end so offsets stay valid', () => {
    expect(splice('hello world', [g([0, 5, 'HELLO']), g([6, 11, 'there'])]).text).toBe('HELLO there');
  });

  test('a group that overlaps an applied one is deferred to the next pass', () => {
    const a = g([0, 5, 'x']);
    const b = g([3, 8, 'y']);
    const r = splice('0123456789', [a, b]);
    expect(r.text).toBe('x56789');
    expect(r.applied).toEqual([a]);
    expect(r.deferred).toEqual([b]);
  });

  test('a group applies all of its edits or none', () => {
    const a = g([0, 1, 'A']);
    const b = g([2, 3, 'C'], [0, 1, 'Z']);
    const r = splice('abc', [a, b]);
    expect(r.text).toBe('Abc');
    expect(r.deferred).toEqual([b]);
  });

  test('the same edit from two rules counts once', () => {
    const r = splice('abc', [g([1, 2, '']), g([1, 2, ''])]);
    expect(r.text).toBe('ac');
    expect(r.applied.length).toBe(2);
  });

  test('two insertions at one point: the second waits', () => {
    const r = splice('ab', [g([1, 1, 'X']), g([1, 1, 'Y'])]);
    expect(r.text).toBe('aXb');
    expect(r.deferred.length).toBe(1);
  });
});

describe('splice priority and offsetBefore', () => {
  test('on overlap the group with the lower priority wins, whatever its position', () => {
    const del = { ...g([0, 4, '']), priority: 2 };
    const ins = { ...g([3, 3, 'X']), priority: 1 };
    const r = splice('abcdef', [del, ins]);
    expect(r.text).toBe('abcXdef');
    expect(r.deferred).toEqual([del]);
  });

  test('offsets after edits map back to the text before them', () => {
    const { offsetBefore } = require('./fixer') as typeof import('./fixer');
    const edits = [{ range: [2, 4] as const, text: 'XYZ' }, { range: [6, 6] as const, text: '!!' }];
    // 'ab' 'cd'->'XYZ' 'ef' '!!' 'gh'  =>  'abXYZef!!gh'
    expect(offsetBefore(0, edits)).toBe(0);
    expect(offsetBefore(3, edits)).toBe(2); // inside inserted text: the edit's start
    expect(offsetBefore(5, edits)).toBe(4); // 'e'
    expect(offsetBefore(9, edits)).toBe(6); // 'g'
  });
});

describe('trigger expressions', () => {
  test('the prefix-factored expression matches exactly the texts that hold one of the strings', () => {
    const list = ['abc', 'abd', 'ab', 'x.y', 'a(b', 'k8s.gcr.io', 'k8s-artifacts', '--log-dir', '--log-file', 'Größe'];
    const re = triggerRegExp(list)!;
    for (const t of ['zzabzz', 'x.y', 'xzy', 'a(b', 'k8s.gcr.io/x', 'k8s-art', '--log-dir', '--log-f', 'eine Größe', 'Grosse', '']) {
      expect(`${t} ${re.test(t)}`).toBe(`${t} ${list.some((s) => t.includes(s))}`);
    }
  });
});
