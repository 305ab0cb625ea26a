/**
 * Text edits that add to a parsed YAML document without re-printing it: new keys go at the end of a map, in the
 * map's own style (block lines at its key column, or `, key: value` in a flow map) and the document's indentation
 * step. Edits are in the parsed text's coordinates and use '\n' line breaks; a TextView's encode() turns them into
 * the file's style.
 */
import { isMap, type Document, type Scalar, type YAMLMap } from 'yaml';
import { lineBreakOf, lineStartOf } from '../util/text';

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** A key and either a plain value (already YAML text) or nested entries. */
export type Entry = readonly [string, string | readonly Entry[]];

/** A yaml node's [start, value end, node end], if it has one. */
export const rangeOf = (n: unknown): readonly [number, number, number] | undefined => (n as { range?: [number, number, number] } | null)?.range;

/** Column of a block map's keys. */
export function keyColumn(text: string, map: YAMLMap): number | undefined {
  const k = rangeOf(map.items[0]?.key);
  return k ? k[0] - lineStartOf(text, k[0]) : undefined;
}

/** The indentation step the document uses (2 when it shows none). */
export function indentStep(text: string, doc: Document.Parsed | YAMLMap): number {
  const root = isMap(doc) ? doc : doc.contents;
  let found: number | undefined;
  const walk = (n: unknown, depth: number) => {
    if (found !== undefined || depth > 50 || !isMap(n) || n.flow) return;
    const col = keyColumn(text, n);
    for (const p of n.items) {
      const v = p.value;
      if (isMap(v) && !v.flow && v.items.length && col !== undefined) {
        const c = keyColumn(text, v);
        if (c !== undefined && c > col) {
          found = c - col;
          return;
        }
      }
      walk(v, depth + 1);
      const items = (v as { items?: unknown[] } | null)?.items;
      if (Array.isArray(items)) for (const it of items) walk(it, depth + 1);
    }
  };
  walk(root, 0);
  return found ?? 2;
}

function renderBlock(entries: readonly Entry[], indent: string, step: string): string {
  return entries
    .map(([k, v]) => (typeof v === 'string' ? `\n${indent}${k}: ${v}` : `\n${indent}${k}:${renderBlock(v, indent + step, step)}`))
    .join('');
}

function renderFlow(entries: readonly Entry[]): string {
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : `{${renderFlow(v)}}`}`).join(', ');
}

/** The edit that appends `entries` to `map`, or undefined for a layout this does not handle. */
export function appendToMap(text: string, map: YAMLMap, entries: readonly Entry[], step: number): TextEdit | undefined {
  const mr = rangeOf(map);
  if (!mr) return undefined;
  if (map.flow) {
    const close = text.lastIndexOf('}', mr[1] - 1);
    if (close < mr[0]) return undefined;
    const last = map.items[map.items.length - 1];
    const lastEnd = rangeOf(last?.value)?.[1] ?? rangeOf(last?.key)?.[1];
    if (lastEnd === undefined) return { range: [close, close], text: renderFlow(entries) };
    return { range: [lastEnd, lastEnd], text: `, ${renderFlow(entries)}` };
  }
  const col = keyColumn(text, map);
  const last = map.items[map.items.length - 1];
  const end = rangeOf(last?.value)?.[1] ?? rangeOf(last?.key)?.[1];
  if (col === undefined || end === undefined) return undefined;
  const p = end > 0 && text[end - 1] === '\n' ? end - 1 : end;
  const at = lineBreakOf(text, p);
  return { range: [at, at], text: renderBlock(entries, ' '.repeat(col), ' '.repeat(step)) };
}

/** The text range of a scalar's value: inside its quotes when it is quoted. */
export function scalarRange(s: Scalar): readonly [number, number] | undefined {
  const r = rangeOf(s);
  if (!r) return undefined;
  return s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE' ? [r[0] + 1, r[1] - 1] : [r[0], r[1]];
}

/** The edit that replaces a scalar's value, keeping its quotes. */
export function replaceScalar(s: Scalar, value: string): TextEdit | undefined {
  const range = scalarRange(s);
  return range && { range, text: value };
}
