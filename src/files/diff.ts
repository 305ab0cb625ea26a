/**
 * Unified diffs (jsdiff's hunks, headed the way git writes them) for `--dry-run` and `--patch`. Line endings are
 * part of each line, so a CRLF file gives a patch that `git apply` takes as it is.
 */
export function unifiedDiff(relPath: string, before: string, after: string, context = 3): string {
  // loaded when there is something to show
  const { structuredPatch } = require('diff') as typeof import('diff');
  const p = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context });
  const out: string[] = [`diff --git a/${relPath} b/${relPath}`, `--- a/${relPath}`, `+++ b/${relPath}`];
  for (const h of p.hunks) {
    const range = (start: number, lines: number) => (lines === 1 ? `${start}` : `${start},${lines}`);
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) out.push(l);
  }
  return out.join('\n') + '\n';
}
