/**
 * The AL2 EKS AMI's `/etc/eks/bootstrap.sh` and the argument lists that reach it: calls in scripts and user data,
 * Terraform `bootstrap_extra_args` strings, and the kubelet flags inside `--kubelet-extra-args '…'`.
 * Everything here works on view offsets (see parsers/views.ts) and returns view ranges.
 */
import { crossesLine, scanShell, type ShellScan, type Word } from '../parsers/shell';
import { isBlank, lineBreakOf, lineEndOf, lineStartOf } from '../util/text';

/** How an argument list is read: bootstrap.sh takes a value after every flag; kubelet flags may be booleans. */
export type ArgStyle = 'bootstrap' | 'kubelet';

export interface Opt {
  readonly name: string;
  readonly nameIdx: number;
  /** Index of the separate value word (`--flag value`). */
  readonly valueIdx?: number;
  /** `--flag=value`: the value text when literal. */
  readonly inline?: string;
  readonly isInline: boolean;
}

/** The literal text a word starts with (its whole value when it has no placeholder). */
export const wordText = (w: Word): string => w.value ?? w.prefix;

/** Reads `--flag value` / `--flag=value` options from words[from…]. */
export function parseOpts(text: string, words: readonly Word[], style: ArgStyle, from = 0): Opt[] {
  const opts: Opt[] = [];
  for (let k = from; k < words.length; k++) {
    const w = words[k];
    const t = wordText(w);
    if (!/^--?[A-Za-z]/.test(t)) continue;
    const eq = t.indexOf('=');
    if (eq > 0) {
      opts.push({ name: t.slice(0, eq), nameIdx: k, inline: w.value === undefined ? undefined : t.slice(eq + 1), isInline: true });
      continue;
    }
    if (w.value === undefined) continue; // `--flag${x}`: not a flag we can read
    const next = words[k + 1];
    let takes = false;
    if (next) {
      // bootstrap.sh takes the next word whatever it is; a flag right after a flag is read as a mistake to keep,
      // except for --kubelet-extra-args, whose value often starts with --
      if (style === 'bootstrap') takes = t !== '-h' && t !== '--help' && (t === '--kubelet-extra-args' || !text.startsWith('--', next.start));
      else takes = !wordText(next).startsWith('-') && !(next.value === undefined && next.prefix === '' && /^-/.test(text.slice(next.start, next.end)));
    }
    opts.push({ name: t, nameIdx: k, valueIdx: takes ? k + 1 : undefined, isInline: false });
    if (takes) k++;
  }
  return opts;
}

/**
 * The view range that removes words[i…j] from their list and leaves tidy text: no doubled or trailing blanks, line
 * continuations still valid, a line that held only these words deleted whole. 'all' when nothing else is left.
 */
export function removalRange(text: string, words: readonly Word[], i: number, j: number): readonly [number, number] | 'all' {
  const prev = words[i - 1];
  const next = words[j + 1];
  const a = words[i].start;
  const b = words[j].end;
  if (next && !crossesLine(text, b, next.start)) return [a, next.start];
  if (prev && !crossesLine(text, prev.end, a)) return [prev.end, b];
  if (!prev && !next) return 'all';
  const ls = lineStartOf(text, a);
  const lb = lineBreakOf(text, b);
  const restOfLine = text.slice(b, lb).replace(/\\$/, '');
  if (next && isBlank(text.slice(ls, a)) && isBlank(restOfLine)) return [ls, lineEndOf(text, b)];
  if (prev) return [prev.end, b]; // last line of a continued command: drop the continuation before it too
  return [a, next.start];
}

/** Commands of a scan that run bootstrap.sh, with the index of the script word. */
export function bootstrapCalls(scan: ShellScan): Array<{ words: readonly Word[]; script: number }> {
  const out: Array<{ words: readonly Word[]; script: number }> = [];
  for (const c of scan.commands) {
    let k = 0;
    // skip assignments and wrappers: FOO=bar sudo -E bash /etc/eks/bootstrap.sh …
    while (k < c.words.length) {
      const t = wordText(c.words[k]);
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) || /^(sudo|exec|env|nohup|command|time|bash|sh|\/bin\/bash|\/bin\/sh|\/usr\/bin\/env|-E|-x|-e)$/.test(t)) k++;
      else break;
    }
    const w = c.words[k];
    if (w && /(^|\/)bootstrap\.sh$/.test(w.value ?? '')) out.push({ words: c.words, script: k });
  }
  return out;
}

export interface FlagHit {
  /** View range of the flag and its value. */
  readonly range: readonly [number, number];
  /** The value, when literal (`containerd`). */
  readonly value?: string;
  /** The flag sat inside `--kubelet-extra-args '…'`. */
  readonly inKubeletArgs: boolean;
}

export interface FlagRemoval {
  readonly edits: ReadonlyArray<readonly [number, number]>; // view ranges to delete
  readonly hits: readonly FlagHit[];
  /** Every word of the list would go (the caller removes the container: an attribute, a quoted value). */
  readonly emptied: boolean;
}

/** The words inside a `--kubelet-extra-args` value: a quoted string's content, or the bare word itself. */
export function innerWords(text: string, w: Word): { words: Word[]; range: readonly [number, number] } | undefined {
  const range = w.quote ? w.quote.inner : w.value !== undefined ? ([w.start, w.end] as const) : undefined;
  if (!range) return undefined;
  const inner = scanShell(text, range[0], range[1]);
  return { words: inner.commands.flatMap((c) => c.words), range };
}

const flagNamed = (o: Opt, flag: string) => o.name === flag;

/**
 * Removes every `flag` option (with its value) from an argument list, and from inside the list's
 * `--kubelet-extra-args` value (kubelet rejects removed flags). words[0…from) are context (the script word).
 */
export function removeFlag(text: string, words: readonly Word[], flag: string, style: ArgStyle, from = 0, boolean = false): FlagRemoval {
  // a boolean flag takes no value word: the word after it is an argument of its own
  const opts = parseOpts(text, words, style, from).map((o) => (boolean && flagNamed(o, flag) && !o.isInline ? { ...o, valueIdx: undefined } : o));
  const gone = new Set<number>();
  const hits: FlagHit[] = [];
  const edits: Array<readonly [number, number]> = [];
  for (const o of opts) {
    if (flagNamed(o, flag)) {
      gone.add(o.nameIdx);
      const last = o.valueIdx ?? o.nameIdx;
      if (o.valueIdx !== undefined) gone.add(o.valueIdx);
      const v = o.isInline ? o.inline : o.valueIdx !== undefined ? words[o.valueIdx].value : undefined;
      hits.push({ range: [words[o.nameIdx].start, words[last].end], value: v, inKubeletArgs: style === 'kubelet' });
    } else if (style === 'bootstrap' && o.name === '--kubelet-extra-args' && o.valueIdx !== undefined) {
      const inner = innerWords(text, words[o.valueIdx]);
      if (!inner) continue;
      const r = removeFlag(text, inner.words, flag, 'kubelet', 0, boolean);
      if (!r.hits.length) continue;
      hits.push(...r.hits);
      if (r.emptied) {
        gone.add(o.nameIdx);
        gone.add(o.valueIdx);
      } else edits.push(...r.edits);
    }
  }
  const idx = [...gone].sort((x, y) => x - y);
  let emptied = false;
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && idx[e + 1] === idx[e] + 1) e++;
    const r = removalRange(text, words, idx[s], idx[e]);
    if (r === 'all') {
      emptied = true;
      edits.push([words[idx[s]].start, words[idx[e]].end]);
    } else edits.push(r);
    s = e + 1;
  }
  return { edits, hits, emptied };
}

/**
 * Bottlerocket passes TOML settings through bootstrap_extra_args: `[settings.kubernetes]` sections and
 * `key = value` lines (a key never starts with a dash, unlike `--flag=value`).
 */
export const looksLikeToml = (text: string): boolean => /^\s*\[[\w."-]+\]\s*$|^\s*"?[A-Za-z_][\w./-]*"?\s*=\s*\S/m.test(text);
