/**
 * A small shell word scanner that keeps offsets. It is not a shell: it splits text into simple commands and words
 * the way bash would for the cases that matter to node bootstrap scripts, and treats template placeholders as
 * opaque parts of a word: Terraform `${…}` and `%{…}`, escaped `$${…}`, shell `$VAR`, `${VAR…}`, `$(…)`, and
 * backquotes. It never throws: an unterminated quote or brace runs to the end of the text.
 */

export interface Word {
  /** Offsets into the scanned text. */
  readonly start: number;
  readonly end: number;
  /** The word after quote removal, when it holds no placeholder; otherwise undefined. */
  readonly value: string | undefined;
  /** The literal text before the first placeholder, after quote removal. */
  readonly prefix: string;
  /** When the whole word is one quoted string ('…' or "…"): the quote and the range inside the quotes. */
  readonly quote?: { readonly char: "'" | '"'; readonly inner: readonly [number, number] };
}

export interface Command {
  readonly words: readonly Word[];
}

export interface ShellScan {
  readonly text: string;
  readonly commands: readonly Command[];
  /** Ranges of `#` comments. */
  readonly comments: ReadonlyArray<readonly [number, number]>;
}

const isSpace = (c: string) => c === ' ' || c === '\t';

/** Index just past the `}` matching the `{` at `open`; strings inside are skipped. */
export function matchBrace(text: string, open: number, end = text.length): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '"') {
      i = skipDoubleQuoted(text, i, end) - 1;
    }
  }
  return end;
}

/** Index just past the closing `"` of the string opened at `open` (placeholders inside are skipped). */
function skipDoubleQuoted(text: string, open: number, end: number): number {
  for (let i = open + 1; i < end; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = matchBrace(text, i + 1, end) - 1;
  }
  return end;
}

function matchParen(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '"') i = skipDoubleQuoted(text, i, end) - 1;
    else if (c === "'") {
      const q = text.indexOf("'", i + 1);
      i = q < 0 || q >= end ? end : q;
    }
  }
  return end;
}

/** If a placeholder starts at `i`, the index just past it; otherwise -1. */
function placeholderEnd(text: string, i: number, end: number): number {
  const c = text[i];
  const n = text[i + 1];
  if (c === '$') {
    if (n === '$' && text[i + 2] === '{') return matchBrace(text, i + 2, end); // Terraform-escaped ${…}
    if (n === '{') return matchBrace(text, i + 1, end);
    if (n === '(') return matchParen(text, i + 1, end);
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      let j = i + 1;
      while (j < end && /[A-Za-z0-9_]/.test(text[j])) j++;
      return j;
    }
    if (n !== undefined && /[0-9@*#?$!-]/.test(n)) return i + 2;
    return -1;
  }
  if (c === '%' && n === '{' && text[i - 1] !== '%') return matchBrace(text, i + 1, end); // Terraform directive
  if (c === '%' && n === '%' && text[i + 2] === '{') return -1; // escaped %{: literal
  if (c === '`') {
    const q = text.indexOf('`', i + 1);
    return q < 0 || q >= end ? end : q + 1;
  }
  return -1;
}

/** Scans text[start, end) into simple commands and words. */
export function scanShell(text: string, start = 0, end = text.length): ShellScan {
  const commands: Command[] = [];
  const comments: Array<[number, number]> = [];
  let words: Word[] = [];
  // current word state
  let wStart = -1;
  let value: string | undefined = '';
  let prefix = '';
  let literal = true;
  let parts = 0;
  let quote: Word['quote'];

  const begin = (i: number) => {
    if (wStart < 0) {
      wStart = i;
      value = '';
      prefix = '';
      literal = true;
      parts = 0;
      quote = undefined;
    }
  };
  const addLiteral = (s: string) => {
    if (value !== undefined) value += s;
    if (literal) prefix += s;
  };
  const addPlaceholder = () => {
    value = undefined;
    literal = false;
  };
  const flushWord = (i: number) => {
    if (wStart < 0) return;
    words.push({ start: wStart, end: i, value, prefix, quote: parts === 1 ? quote : undefined });
    wStart = -1;
  };
  const flushCommand = (i: number) => {
    flushWord(i);
    if (words.length) commands.push({ words });
    words = [];
  };

  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\\') {
      const lf = text[i + 1] === '\n' ? 1 : text[i + 1] === '\r' && text[i + 2] === '\n' ? 2 : 0;
      if (lf) {
        flushWord(i); // a line continuation separates words like a blank
        i += 1 + lf;
        continue;
      }
      begin(i);
      parts++;
      addLiteral(text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (isSpace(c) || (c === '\r' && text[i + 1] === '\n')) {
      flushWord(i);
      i++;
      continue;
    }
    if (c === '\n') {
      flushCommand(i);
      i++;
      continue;
    }
    if (c === '#' && wStart < 0) {
      let e = text.indexOf('\n', i);
      if (e < 0 || e > end) e = end;
      if (e > i && text[e - 1] === '\r') e--;
      comments.push([i, e]);
      i = e;
      continue;
    }
    if (c === ';' || c === '|' || c === '(' || c === ')' || (c === '&' && text[i - 1] !== '>' && text[i - 1] !== '<')) {
      flushCommand(i);
      i += (c === '&' || c === '|') && text[i + 1] === c ? 2 : 1;
      continue;
    }
    if (c === "'") {
      begin(i);
      parts++;
      let j = i + 1;
      let s = '';
      while (j < end && text[j] !== "'") {
        // Terraform still renders ${…} and %{…} inside shell single quotes; $VAR stays literal there
        const tf = (text[j] === '$' && (text[j + 1] === '{' || (text[j + 1] === '$' && text[j + 2] === '{'))) || text[j] === '%';
        const pe = tf ? placeholderEnd(text, j, end) : -1;
        if (pe > 0) {
          addLiteral(s);
          s = '';
          addPlaceholder();
          j = pe;
          continue;
        }
        s += text[j];
        j++;
      }
      addLiteral(s);
      quote = { char: "'", inner: [i + 1, Math.min(j, end)] };
      i = Math.min(j + 1, end);
      continue;
    }
    if (c === '"') {
      begin(i);
      parts++;
      let j = i + 1;
      let s = '';
      while (j < end && text[j] !== '"') {
        if (text[j] === '\\') {
          const n = text[j + 1];
          s += n === '"' || n === '\\' || n === '$' || n === '`' ? n : n === '\n' ? '' : '\\' + (n ?? '');
          j += 2;
          continue;
        }
        const pe = placeholderEnd(text, j, end);
        if (pe > 0) {
          addLiteral(s);
          s = '';
          addPlaceholder();
          j = pe;
          continue;
        }
        s += text[j];
        j++;
      }
      addLiteral(s);
      quote = { char: '"', inner: [i + 1, Math.min(j, end)] };
      i = Math.min(j + 1, end);
      continue;
    }
    const pe = placeholderEnd(text, i, end);
    if (pe > 0) {
      begin(i);
      parts++;
      addPlaceholder();
      i = pe;
      continue;
    }
    begin(i);
    if (parts === 0 || quote) parts++;
    quote = undefined;
    addLiteral(c);
    i++;
  }
  flushCommand(end);
  return { text, commands, comments };
}

/** True when `[a, b)` of `text` holds a line break (a continuation counts as one). */
export const crossesLine = (text: string, a: number, b: number): boolean => text.slice(a, b).includes('\n');
