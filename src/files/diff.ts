/**
 * Unified diffs (jsdiff's hunks, headed the way git writes them) for `--dry-run` and `--patch`. Line endings are
 * part of each line, so a CRLF file gives a patch that `git apply` takes as it is.
 */
export function unifiedDiff(relPath: string, before: string, after: string, context = 3): string {
  // loaded when there is something to show
  const { structuredPatch } = require('diff') as typeof import('diff');
  const p = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context });
  const a = gitQuote(`a/${relPath}`);
  const b = gitQuote(`b/${relPath}`);
  const out: string[] = [`diff --git ${a} ${b}`, `--- ${a}`, `+++ ${b}`];
  for (const h of p.hunks) {
    const range = (start: number, lines: number) => (lines === 1 ? `${start}` : `${start},${lines}`);
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) out.push(l);
  }
  return out.join('\n') + '\n';
}

const C_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

/**
 * A path as git writes it in patch headers: as it is, or C-quoted when it holds a control character, a quote or a
 * backslash (a name with a line break must not be able to start a header of its own in the patch).
 */
export function gitQuote(p: string): string {
  if (!/[\x00-\x1f\x7f"\\]/.test(p)) return p;
  return `"${p.replace(/[\x00-\x1f\x7f"\\]/g, (c) => C_ESCAPES[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}
