/**
 * The edits that turn one text into another, line by line (`diff`'s line diff): the exact composition of several
 * passes of edits, in the coordinates of the first text. A report lists these for a file whose rewrite took more
 * than one pass, so that its edits applied to the file as read give the file as written.
 */
import type { Edit } from './range';

export function editsBetween(before: string, after: string): Edit[] {
  // loaded on first use: most files take one pass
  const { diffLines } = require('diff') as typeof import('diff');
  const out: Edit[] = [];
  let at = 0; // offset in `before`
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = () => {
    if (pending) out.push({ range: [pending.start, pending.end], text: pending.text });
    pending = undefined;
  };
  for (const part of diffLines(before, after)) {
    if (part.added) {
      pending ??= { start: at, end: at, text: '' };
      pending.text += part.value;
    } else if (part.removed) {
      pending ??= { start: at, end: at, text: '' };
      at += part.value.length;
      pending.end = at;
    } else {
      flush();
      at += part.value.length;
    }
  }
  flush();
  return out;
}

/**
 * Where a range of `before` is in `after` (the same text after edits elsewhere in it), or undefined when an edit
 * touched it.
 */
export function rangeMapper(before: string, after: string): (r: readonly [number, number]) => [number, number] | undefined {
  if (before === after) return (r) => [r[0], r[1]];
  const edits = editsBetween(before, after);
  return (r) => {
    let shift = 0;
    for (const e of edits) {
      const [s, end] = e.range;
      if (end <= r[0] && !(s === end && s === r[0])) shift += e.text.length - (end - s);
      else if (s >= r[1] && !(s === end && s === r[1] && r[0] === r[1])) break;
      else return undefined;
    }
    return [r[0] + shift, r[1] + shift];
  };
}
