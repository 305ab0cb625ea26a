/**
 * Text helpers of the al2023-nodes rule: copies of a block with edits inside, indented user data, note offsets.
 */
import type { RuleContext } from '../../src/eks/context';
import type { Note } from '../../src/eks/nodeadm';
import type { Edit, Range } from '../../src/util/range';

/** text[a, b) with `edits` (all inside [a, b]) applied. */
export function copyWithEdits(text: string, [a, b]: readonly [number, number], edits: readonly Edit[]): string {
  const sorted = [...edits].filter((e) => e.range[0] >= a && e.range[1] <= b).sort((x, y) => x.range[0] - y.range[0] || x.range[1] - y.range[1]);
  let out = '';
  let at = a;
  for (const e of sorted) {
    if (e.range[0] < at) continue; // overlapping: the first wins
    out += text.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return out + text.slice(at, b);
}

/** Lines of `body` ('\n' breaks), each after `indent` (blank lines stay empty), joined with `eol`, ending with it. */
export function indentLines(body: string, indent: string, eol: string): string {
  const lines = body.replace(/\n$/, '').split('\n');
  return lines.map((l) => (l.trim() === '' ? '' : indent + l)).join(eol) + eol;
}

/** A block of text with a common indentation taken off (for `<<-` heredocs), and a map back to offsets in it. */
export function dedent(raw: string): { text: string; indent: string; toRaw(i: number): number } {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const n = widths.length ? Math.min(...widths) : 0;
  const firstIndented = lines.find((l) => l.trim() !== '');
  const indent = firstIndented ? firstIndented.slice(0, n) : '';
  const starts: Array<[number, number, number]> = []; // [dedented start, raw start, removed]
  let text = '';
  let rawAt = 0;
  const crlf = /\r\n/.test(raw);
  for (const [k, l] of lines.entries()) {
    const cut = Math.min(n, /^[ \t]*/.exec(l)![0].length);
    starts.push([text.length, rawAt, cut]);
    text += l.slice(cut) + (k < lines.length - 1 ? '\n' : '');
    rawAt += l.length + (k < lines.length - 1 ? (crlf ? 2 : 1) : 0);
  }
  return {
    text, indent,
    toRaw(i: number) {
      let s = starts[0];
      for (const x of starts) if (x[0] <= i) s = x;
      return s[1] + s[2] + (i - s[0]);
    },
  };
}

/** Notes of a conversion as findings (offsets mapped into the file by `map`, else at `fallback`). */
export function reportNotes(ctx: RuleContext, notes: readonly Note[], map: ((i: number) => number) | undefined, fallback: Range, levels: ReadonlyArray<Note['level']>): void {
  for (const n of notes) {
    if (!levels.includes(n.level)) continue;
    const range: Range = n.at !== undefined && map ? [map(n.at), map(n.end ?? n.at)] : fallback;
    ctx.report({ range, severity: n.level === 'manual' ? 'manual' : n.level === 'warning' ? 'warning' : 'info', messageId: 'note', data: { note: n.text } });
  }
}
