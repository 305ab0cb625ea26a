/**
 * A view of a string literal's content: the text a shell (or any reader) sees once the literal's own escapes are
 * undone, with a map back to offsets in the file, and an encoder for text to be inserted. Terraform's template
 * syntax (`${…}`, `$${…}`, `%{…}`) is kept as it is in the view: the shell scanner treats it as opaque.
 */
import type { Edit } from '../util/range';

export interface TextView {
  /** The decoded text. */
  readonly text: string;
  /** File offset of view offset `i` (0 ≤ i ≤ text.length). */
  toRaw(i: number): number;
  /** Text to put in the file for decoded text `s`. */
  encode(s: string): string;
}

/**
 * A view whose text is the file's own text from `base` (heredocs, whole files). Inserted line breaks take the
 * file's style (`eol`).
 */
export function identityView(text: string, base = 0, eol = '\n'): TextView {
  return { text, toRaw: (i) => base + i, encode: (s) => (eol === '\n' ? s : s.replace(/\n/g, eol)) };
}

/** A part of another view: text[start, end) of `outer`, with offsets mapped through it. */
export function subView(outer: TextView, start: number, end: number): TextView {
  return { text: outer.text.slice(start, end), toRaw: (i) => outer.toRaw(start + i), encode: (s) => outer.encode(s) };
}

class MappedView implements TextView {
  constructor(
    readonly text: string,
    private readonly map: number[], // map[i] = file offset of text[i]; map[text.length] = end
    readonly encode: (s: string) => string,
  ) {}
  toRaw(i: number): number {
    return this.map[Math.max(0, Math.min(i, this.map.length - 1))];
  }
}

/** Turns an edit in view offsets into a file edit. */
export function toFileEdit(view: TextView, start: number, end: number, text = ''): Edit {
  // whole last lines of a view that leaves out each line's indentation (a block scalar, a heredoc): the end of the
  // view maps to the start of the next line of the file, the start of a line to the text after its indentation, so
  // the deletion would leave that indentation before the line that follows; take the line break before them instead
  const t = view.text;
  if (!text && start > 0 && start < end && end === t.length && t[start - 1] === '\n' && t[end - 1] === '\n') {
    return { range: [view.toRaw(start - 1), view.toRaw(end - 1)], text: '' };
  }
  return { range: [view.toRaw(start), view.toRaw(end)], text: view.encode(text) };
}

/** Content of an HCL quoted string: `raw` is the text between the quotes, starting at file offset `base`. */
export function hclQuotedView(raw: string, base: number): TextView {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (n in simple) {
        text += simple[n];
        map.push(base + i);
        i += 2;
        continue;
      }
      const m = /^u([0-9a-fA-F]{4})|^U([0-9a-fA-F]{8})/.exec(raw.slice(i + 1));
      if (m) {
        const ch = String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
        for (const unit of ch.split('')) {
          text += unit;
          map.push(base + i);
        }
        i += 1 + m[0].length;
        continue;
      }
    }
    text += raw[i];
    map.push(base + i);
    i++;
  }
  map.push(base + raw.length);
  return new MappedView(text, map, (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n'));
}

/**
 * Folds line breaks of a flow scalar (plain, single- or double-quoted YAML) the YAML way: a single line break
 * with the blanks around it reads as one space, n>1 breaks as n-1 newlines.
 */
function foldFlow(raw: string, base: number, unescape: (raw: string, i: number) => { s: string; n: number } | undefined) {
  let text = '';
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '\n' || (c === '\r' && raw[i + 1] === '\n')) {
      // trim blanks before the break already emitted
      while (text.length && (text.endsWith(' ') || text.endsWith('\t')) && map[map.length - 1] >= base) {
        const last = map[map.length - 1];
        if (raw[last - base] !== ' ' && raw[last - base] !== '\t') break;
        text = text.slice(0, -1);
        map.pop();
      }
      const at = base + i;
      let breaks = 0;
      while (i < raw.length && /[ \t\r\n]/.test(raw[i])) {
        if (raw[i] === '\n') breaks++;
        i++;
      }
      if (breaks <= 1) {
        text += ' ';
        map.push(at);
      } else {
        for (let k = 1; k < breaks; k++) {
          text += '\n';
          map.push(at);
        }
      }
      continue;
    }
    const u = unescape(raw, i);
    if (u) {
      for (const unit of u.s.split('')) {
        text += unit;
        map.push(base + i);
      }
      i += u.n;
      continue;
    }
    text += c;
    map.push(base + i);
    i++;
  }
  map.push(base + raw.length);
  return { text, map };
}

export function yamlPlainView(raw: string, base: number): TextView {
  const { text, map } = foldFlow(raw, base, () => undefined);
  return new MappedView(text, map, (s) => s);
}

export function yamlSingleQuotedView(raw: string, base: number): TextView {
  const { text, map } = foldFlow(raw, base, (r, i) => (r[i] === "'" && r[i + 1] === "'" ? { s: "'", n: 2 } : undefined));
  return new MappedView(text, map, (s) => s.replace(/'/g, "''"));
}

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

export function yamlDoubleQuotedView(raw: string, base: number): TextView {
  const { text, map } = foldFlow(raw, base, (r, i) => {
    if (r[i] !== '\\') return undefined;
    const n = r[i + 1];
    if (n !== undefined && n in YAML_ESCAPES) return { s: YAML_ESCAPES[n], n: 2 };
    const m = /^x([0-9a-fA-F]{2})|^u([0-9a-fA-F]{4})|^U([0-9a-fA-F]{8})/.exec(r.slice(i + 1));
    if (m) return { s: String.fromCodePoint(parseInt(m[1] ?? m[2] ?? m[3], 16)), n: 1 + m[0].length };
    return undefined;
  });
  return new MappedView(text, map, (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n'));
}

/**
 * A YAML block scalar (`|` or `>`): `raw` runs from the indicator to the scalar's end. The view holds the content
 * lines without their indentation; line breaks stay line breaks (for `>` too: the commands in a folded script are
 * still read line by line by people, and a shell sees separate lines once it is written out).
 */
export function yamlBlockView(raw: string, base: number): TextView {
  const nl = raw.indexOf('\n');
  if (nl < 0) return new MappedView('', [base + raw.length], (s) => s);
  const header = raw.slice(0, nl);
  const explicit = /[1-9]/.exec(header.replace(/#.*$/, ''));
  const lines: Array<[number, number]> = []; // [start, end) of each content line, without the break
  for (let s = nl + 1; s < raw.length; ) {
    let e = raw.indexOf('\n', s);
    if (e < 0) e = raw.length;
    lines.push([s, e > s && raw[e - 1] === '\r' ? e - 1 : e]);
    s = e + 1;
  }
  let indent = explicit ? Number(explicit[0]) : 0;
  if (!explicit) {
    for (const [s, e] of lines) {
      const m = /^ */.exec(raw.slice(s, e))![0].length;
      if (s + m < e) {
        indent = m;
        break;
      }
    }
  }
  const eol = /\r\n/.test(raw) ? '\r\n' : '\n';
  const pad = ' '.repeat(indent);
  let text = '';
  const map: number[] = [];
  lines.forEach(([s, e], k) => {
    const from = Math.min(s + indent, e);
    for (let i = from; i < e; i++) {
      text += raw[i];
      map.push(base + i);
    }
    if (k < lines.length - 1 || e < raw.length) {
      text += '\n';
      map.push(base + e);
    }
  });
  map.push(base + raw.length);
  // a line inserted into the block takes the block's indentation and line break style
  return new MappedView(text, map, (s) => s.replace(/\n/g, eol + pad));
}
