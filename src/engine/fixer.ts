import type { Edit } from './types';

export interface FixGroup {
  /** Edits that belong together: all of them are applied, or none. */
  readonly edits: readonly Edit[];
  /** Lower wins when groups overlap (the rule's place in the registry); the loser runs again on the result. */
  readonly priority?: number;
}

export interface SpliceResult<G extends FixGroup> {
  readonly text: string;
  readonly applied: G[];
  /** Groups left out because they overlap an applied group; the next pass sees them again. */
  readonly deferred: G[];
}

/** The same replacement of the same range. */
export const sameEdit = (a: Edit, b: Edit): boolean => a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.text === b.text;

const overlaps = (a: Edit, b: Edit): boolean => {
  const [as, ae] = a.range;
  const [bs, be] = b.range;
  if (as === ae && bs === be) return as === bs; // two insertions at one point: order would be a guess
  if (as === ae) return as > bs && as < be;
  if (bs === be) return bs > as && bs < ae;
  return as < be && bs < ae;
};

/**
 * Splices fix groups into `text` (ESLint's source-code-fixer): groups are taken by priority, then in order of their
 * first edit; a group that overlaps one already taken waits for the next pass. Identical edits from two groups
 * count once. With nothing to apply the input string is returned as it is.
 */
export function splice<G extends FixGroup>(text: string, groups: readonly G[]): SpliceResult<G> {
  const sorted = groups
    .filter((g) => g.edits.length > 0)
    .map((g, i) => ({ g, i, first: Math.min(...g.edits.map((e) => e.range[0])) }))
    .sort((a, b) => (a.g.priority ?? 0) - (b.g.priority ?? 0) || a.first - b.first || a.i - b.i);
  const taken: Edit[] = [];
  const applied: G[] = [];
  const deferred: G[] = [];
  for (const { g } of sorted) {
    const fresh = g.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => overlaps(t, e)) || fresh.some((o) => o !== e && overlaps(o, e)))) {
      deferred.push(g);
      continue;
    }
    taken.push(...fresh);
    applied.push(g);
  }
  if (taken.length === 0) return { text, applied, deferred };
  taken.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let pos = 0;
  for (const e of taken) {
    out += text.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  out += text.slice(pos);
  return { text: out, applied, deferred };
}

/** Maps an offset in the text after `edits` (applied together) back to the text before them. */
export function offsetBefore(offset: number, edits: readonly Edit[]): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    const start = e.range[0] + delta; // where the edit's text starts in the new text
    if (offset < start) break;
    if (offset < start + e.text.length) return e.range[0];
    delta += e.text.length - (e.range[1] - e.range[0]);
  }
  return offset - delta;
}
