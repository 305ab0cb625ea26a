/**
 * Ignore globs (`--ignore`, `.eks-migrate.yaml` `ignore:`), matched without backtracking regular expressions: a glob
 * from a cloned repository must not be able to stall a run (picomatch's `*a*a*a*a*a*a*b` against a long file name
 * took minutes). The syntax is picomatch's with `dot: true`, less extended globs: `*` (any characters but `/`), `?`
 * (one), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, `**` as a whole segment (any number of folders), `{a,b}` (brace
 * alternatives, nested), `\` escaping the next character, and a leading `!` (negation). Matching is greedy with one
 * resumption point per level (the last `*` of a segment, the last `**` of the path), so it takes at most
 * (text length × glob length) steps per segment, whatever the glob.
 */

/** A glob that cannot be used: exit 1 with the message. */
export class GlobError extends Error {}

/** At most this many alternatives from one glob's braces. */
export const MAX_BRACE_ALTERNATIVES = 1024;

type Atom = { k: 'lit'; c: string } | { k: 'any' } | { k: 'star' } | { k: 'set'; neg: boolean; items: Array<[string, string]> };
type Segment = { k: 'globstar' } | { k: 'seg'; atoms: Atom[] };

/** The glob's brace alternatives, expanded (first top-level group first, recursively), pushed onto `out`. */
function expandBraces(glob: string, out: string[]): void {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // a bracket expression's braces and commas are characters
      const end = classEnd(glob, i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === '}' && depth > 0) {
      if (--depth === 0) {
        if (!commas.length) {
          // {x} without a comma is literal text, as in picomatch
          open = -1;
          continue;
        }
        const pre = glob.slice(0, open);
        const post = glob.slice(i + 1);
        const bounds = [open, ...commas, i];
        for (let j = 0; j + 1 < bounds.length; j++) {
          expandBraces(pre + glob.slice(bounds[j] + 1, bounds[j + 1]) + post, out);
          if (out.length > MAX_BRACE_ALTERNATIVES) throw new GlobError(`more than ${MAX_BRACE_ALTERNATIVES} alternatives from its braces`);
        }
        return;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  out.push(glob);
}

/** The index of the `]` closing the bracket expression at `i`, or -1 when `[` is a plain character there. */
function classEnd(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '!' || s[j] === '^') j++;
  if (s[j] === ']') j++;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === ']') return j;
    else if (s[j] === '/') return -1;
  }
  return -1;
}

function parseSegment(s: string): Segment {
  if (s === '**') return { k: 'globstar' };
  const atoms: Atom[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) atoms.push({ k: 'lit', c: s[++i] });
    else if (c === '*') {
      if (atoms[atoms.length - 1]?.k !== 'star') atoms.push({ k: 'star' }); // ** inside a segment is *
    } else if (c === '?') atoms.push({ k: 'any' });
    else if (c === '[' && classEnd(s, i) > 0) {
      const end = classEnd(s, i);
      let j = i + 1;
      const neg = s[j] === '!' || s[j] === '^';
      if (neg) j++;
      const items: Array<[string, string]> = [];
      let first = true;
      for (; j < end || (first && s[j] === ']'); j++, first = false) {
        let lo = s[j];
        if (lo === '\\') lo = s[++j];
        if (s[j + 1] === '-' && j + 2 < end) {
          let hi = s[j + 2];
          j += 2;
          if (hi === '\\') hi = s[++j];
          items.push([lo, hi]);
        } else items.push([lo, lo]);
      }
      atoms.push({ k: 'set', neg, items });
      i = end;
    } else atoms.push({ k: 'lit', c });
  }
  return { k: 'seg', atoms };
}

const atomMatches = (a: Atom, c: string): boolean => {
  switch (a.k) {
    case 'lit':
      return a.c === c;
    case 'any':
      return true;
    case 'set': {
      const hit = a.items.some(([lo, hi]) => c >= lo && c <= hi);
      return a.neg ? !hit : hit;
    }
    default:
      return false;
  }
};

/** One segment pattern against one path segment (no `/` in either): greedy, resuming at the last `*` only. */
function segmentMatches(atoms: readonly Atom[], text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < atoms.length && atoms[p].k === 'star') {
      starP = p++;
      starT = t;
    } else if (p < atoms.length && atomMatches(atoms[p], text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < atoms.length && atoms[p].k === 'star') p++;
  return p === atoms.length;
}

/** Segment patterns against path segments, `**` standing for any number of them (greedy, resuming at the last `**`). */
function pathMatches(segs: readonly Segment[], parts: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < parts.length) {
    const s = segs[p];
    if (p < segs.length && s.k === 'globstar') {
      starP = p++;
      starT = t;
    } else if (p < segs.length && s.k === 'seg' && segmentMatches(s.atoms, parts[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < segs.length && segs[p].k === 'globstar') p++;
  return p === segs.length;
}

/** Extended-glob syntax (picomatch's `@(a|b)`, `!(x)`, `+(x)`, `*(x)`, `?(x)`), which these globs do not take. */
const EXTGLOB = /(^|[^\\])[@!+*?]\(/;

/**
 * A matcher for `glob` (paths with `/`, relative, as discover shows them). Throws GlobError for a glob it does not
 * take (extended globs, too many brace alternatives).
 */
export function globMatcher(glob: string): (path: string) => boolean {
  let g = glob;
  let negated = false;
  while (g.startsWith('!') && !g.startsWith('!(')) {
    negated = !negated;
    g = g.slice(1);
  }
  if (EXTGLOB.test(g)) throw new GlobError('extended globs such as @(a|b) or !(x) are not supported; use {a,b} alternatives');
  g = g.replace(/^(\.\/)+/, '');
  const alternatives: string[] = [];
  expandBraces(g, alternatives);
  const compiled = alternatives.map((a) => a.split('/').filter((s, i, all) => s !== '' || i === all.length - 1 || i === 0).map(parseSegment))
    // consecutive ** segments are one
    .map((segs) => segs.filter((s, i) => !(s.k === 'globstar' && segs[i - 1]?.k === 'globstar')));
  return (p: string) => {
    const parts = p.split('/');
    const hit = compiled.some((segs) => pathMatches(segs, parts));
    return negated ? !hit : hit;
  };
}
