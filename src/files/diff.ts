/**
 * Unified diffs, headed the way git writes them, for `--dry-run` and `--patch` (never computed for `--check` or an
 * in-place run). Line endings are part of each line, so a CRLF file gives a patch that `git apply` takes as it is.
 *
 * jsdiff's Myers diff takes (lines × edit length): a file with thousands of edits took minutes. It is asked only up
 * to MAX_MYERS_EDITS changed lines; past that, the lines are aligned by walking both texts and, where they part,
 * resuming at the nearest place where they agree again (a few lines in a row), which is linear for the local edits
 * rules make. Both give a patch that turns the old text into the new one; the second may be less than minimal.
 */
export const MAX_MYERS_EDITS = 200;

export function unifiedDiff(relPath: string, before: string, after: string, context = 3): string {
  // loaded when there is something to show
  const { structuredPatch } = require('diff') as typeof import('diff');
  const p = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context, maxEditLength: MAX_MYERS_EDITS });
  const hunks = p ? p.hunks : linearHunks(before, after, context);
  const a = gitQuote(`a/${relPath}`);
  const b = gitQuote(`b/${relPath}`);
  const out: string[] = [`diff --git ${a} ${b}`, `--- ${a}`, `+++ ${b}`];
  for (const h of hunks) {
    // an empty range names the line before it (-0,0 for an empty file), as diff and git write it
    const range = (start: number, lines: number) => (lines === 1 ? `${start}` : `${lines === 0 ? start - 1 : start},${lines}`);
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) out.push(l);
  }
  return out.join('\n') + '\n';
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** Lines with their line break (the last one may have none). */
const splitLines = (s: string): string[] => {
  const out: string[] = [];
  let from = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', from)) {
    out.push(s.slice(from, i + 1));
    from = i + 1;
  }
  if (from < s.length) out.push(s.slice(from));
  return out;
};

/** How far apart (lines skipped in both texts together) a resumption point is looked for before the rest counts as replaced. */
const MAX_GAP = 600;
/** Lines that must agree for a place to count as the texts agreeing again (fewer at the end of either). */
const CONFIRM = 3;

type Op = 0 | 1 | 2; // same, removed, added

/** Aligns the lines of `a` and `b` (see unifiedDiff): each op with its index in a (same, removed) or b (added). */
export function alignLines(a: readonly string[], b: readonly string[]): Array<[Op, number, number]> {
  const ops: Array<[Op, number, number]> = [];
  let i = 0;
  let j = 0;
  const agree = (x: number, y: number) => {
    for (let k = 0; k < CONFIRM; k++) {
      if (x + k >= a.length || y + k >= b.length) return x + k >= a.length && y + k >= b.length ? true : k > 0;
      if (a[x + k] !== b[y + k]) return false;
    }
    return true;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([0, i++, j++]);
      continue;
    }
    // the nearest place (fewest lines skipped in both) where the texts agree again
    let dx = a.length - i;
    let dy = b.length - j;
    search: for (let d = 1; d <= Math.min(MAX_GAP, dx + dy); d++) {
      for (let x = Math.max(0, d - (b.length - j)); x <= Math.min(d, a.length - i); x++) {
        const y = d - x;
        if ((i + x === a.length && j + y === b.length) || (i + x < a.length && j + y < b.length && a[i + x] === b[j + y] && agree(i + x, j + y))) {
          dx = x;
          dy = y;
          break search;
        }
      }
    }
    for (let k = 0; k < dx; k++) ops.push([1, i++, j]);
    for (let k = 0; k < dy; k++) ops.push([2, i, j++]);
  }
  return ops;
}

/** Hunks (jsdiff's shape and conventions, "\ No newline at end of file" included) from alignLines. */
export function linearHunks(before: string, after: string, context = 3): Hunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = alignLines(a, b);
  const aNoEol = before.length > 0 && !before.endsWith('\n');
  const bNoEol = after.length > 0 && !after.endsWith('\n');
  const hunks: Hunk[] = [];
  const changed: number[] = [];
  for (let k = 0; k < ops.length; k++) if (ops[k][0] !== 0) changed.push(k);
  let c = 0;
  while (c < changed.length) {
    // a hunk: changes no more than 2 × context same lines apart
    let last = c;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] - 1 <= 2 * context) last++;
    const from = Math.max(0, changed[c] - context);
    const to = Math.min(ops.length - 1, changed[last] + context);
    const lines: string[] = [];
    let oldLines = 0;
    let newLines = 0;
    for (let k = from; k <= to; k++) {
      const [op, x, y] = ops[k];
      const text = op === 2 ? b[y] : a[x];
      lines.push((op === 0 ? ' ' : op === 1 ? '-' : '+') + text.replace(/\n$/, ''));
      if (op !== 2) oldLines++;
      if (op !== 1) newLines++;
      if ((op !== 2 && aNoEol && x === a.length - 1) || (op === 2 && bNoEol && y === b.length - 1)) lines.push('\\ No newline at end of file');
    }
    const [, x0, y0] = ops[from];
    hunks.push({ oldStart: x0 + 1, oldLines, newStart: y0 + 1, newLines, lines });
    c = last + 1;
  }
  return hunks;
}

const C_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

/**
 * A path as git writes it in patch headers: as it is, or C-quoted when it holds a control character, a quote or a
 * backslash (a name with a line break must not be able to start a header of its own in the patch).
 */
export function gitQuote(p: string): string {
  if (!/[\x00-\x1f\x7f-\x9f"\\]/.test(p)) return p;
  // a C1 control (U+0080–U+009F, CSI U+009B among them) as the octal of its UTF-8 bytes, as git writes non-ASCII bytes
  const octal = (c: string) => [...Buffer.from(c, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  return `"${p.replace(/[\x00-\x1f\x7f-\x9f"\\]/g, (c) => C_ESCAPES[c] ?? octal(c))}"`;
}
