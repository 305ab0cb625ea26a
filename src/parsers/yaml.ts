/**
 * YAML through `yaml` v2: every document of a stream, nodes with `range` offsets (UTF-16 indices). The tree is
 * read, never re-printed.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, visit, YAMLMap, YAMLSeq, type Node as YNode, type Pair } from 'yaml';
import type { Position } from '../util/range';
import { entryLines, isBlank, lineEndOf, lineStartOf } from '../util/text';
import { type TextView, yamlBlockView, yamlDoubleQuotedView, yamlPlainView, yamlSingleQuotedView } from './views';

export interface YamlParse {
  readonly docs: Document.Parsed[];
  readonly error?: { message: string; start?: Position };
}

export function parseYaml(text: string): YamlParse {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  // `yaml` makes an Error for each problem (a Helm template has hundreds) and nothing reads their stacks: not
  // capturing them makes parsing such files a quarter faster
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (e) {
    // a stack overflow is a nesting depth the reader cannot follow, not a fault of the file: say which
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { docs: [], error: { message: `nested too deeply for eks-migrate's YAML reader (about ${nestingDepthOf(text)} levels); the file is left as it is` } };
    }
    return { docs: [], error: { message: String((e as Error).message ?? e) } };
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const p = lineCounter.linePos(err.pos[0]);
      let first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      if (/maximum call stack/i.test(first)) first = `nested too deeply for eks-migrate's YAML reader (about ${nestingDepthOf(text)} levels); the file is left as it is`;
      return { docs, error: { message: first, start: { line: p.line, column: p.col } } };
    }
  }
  // an alias that names no anchor is not an error to `yaml`, but YAML does not allow it (and a reader would fail)
  if (/\*[^\s,\[\]{}]/.test(text)) {
    for (const d of docs) {
      let bad: { source: string; at: number } | undefined;
      visit(d, {
        Alias(_k, node) {
          if (node.resolve(d) === undefined) {
            bad = { source: node.source, at: node.range?.[0] ?? 0 };
            return visit.BREAK;
          }
          return undefined;
        },
      });
      if (bad) {
        const p = lineCounter.linePos(bad.at);
        return { docs, error: { message: `the alias *${bad.source} names no anchor`, start: { line: p.line, column: p.col } } };
      }
    }
  }
  return { docs };
}

/** The deepest indentation or bracket nesting of a YAML text (for the message about a text nested too deeply). */
function nestingDepthOf(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth); // [ {
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  let indent = 0;
  for (const m of text.matchAll(/^( *)\S/gm)) indent = Math.max(indent, m[1].length);
  return Math.max(max, Math.round(indent / 2));
}

export type { Pair, YNode };
export { isMap, isPair, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq };

/** The pair of `map` whose key is the scalar `key`. */
export function pairOf(map: unknown, key: string): Pair<Scalar, YNode | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isScalar(p.key) && String(p.key.value) === key) return p as Pair<Scalar, YNode | null>;
  return undefined;
}

export function valueAt(map: unknown, key: string): YNode | null | undefined {
  return pairOf(map, key)?.value;
}

/** A scalar's plain JS value as a string (numbers keep their source text: `1.30` stays "1.30"). */
export function scalarText(n: unknown, text: string): string | undefined {
  if (!isScalar(n) || !n.range) return undefined;
  if (n.type === 'PLAIN' && typeof n.value === 'number') return text.slice(n.range[0], n.range[1]).trim();
  return n.value === null || n.value === undefined ? undefined : String(n.value);
}

/** A view of a string scalar's content, with a map back to file offsets. */
export function scalarView(n: Scalar, text: string): TextView | undefined {
  if (!n.range) return undefined;
  const [s, e] = n.range;
  switch (n.type) {
    case 'PLAIN':
      return yamlPlainView(text.slice(s, e), s);
    case 'QUOTE_SINGLE':
      return yamlSingleQuotedView(text.slice(s + 1, e - 1), s + 1);
    case 'QUOTE_DOUBLE':
      return yamlDoubleQuotedView(text.slice(s + 1, e - 1), s + 1);
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return yamlBlockView(text.slice(s, e), s);
    default:
      return undefined;
  }
}

/** Every string scalar that is a map value or sequence item under `root`, with the key path that leads to it. */
export function stringScalars(root: unknown): Array<{ node: Scalar; path: Array<string | number> }> {
  const out: Array<{ node: Scalar; path: Array<string | number> }> = [];
  const walk = (n: unknown, path: Array<string | number>, depth: number) => {
    if (depth > 200) return;
    if (isScalar(n)) {
      if (typeof n.value === 'string') out.push({ node: n, path });
    } else if (isMap(n)) {
      for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '?';
        walk(p.value, [...path, k], depth + 1);
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => walk(it, [...path, i], depth + 1));
    }
  };
  walk(root, [], 0);
  return out;
}

/**
 * The range that deletes `pair` from `map`, keeping the file tidy: in block style the pair's lines go (a trailing
 * comment on them too; comment lines around it stay); a pair that shares its line with a `- ` marker hands the line
 * to the next pair; in flow style the separator goes with it. Undefined when the map would be left with nothing
 * on a `- ` line (the caller decides) or the layout is not one this understands.
 */
export function pairDeletion(text: string, map: YAMLMap, pair: Pair): [number, number] | undefined {
  const key = pair.key as YNode | null;
  const ks = key?.range?.[0];
  const value = pair.value as YNode | null;
  const ve = value?.range?.[1] ?? key?.range?.[1];
  if (ks === undefined || ve === undefined) return undefined;
  const i = map.items.indexOf(pair as never);
  const next = map.items[i + 1] as Pair | undefined;
  const prev = map.items[i - 1] as Pair | undefined;
  const nextKs = (next?.key as YNode | null)?.range?.[0];
  if (map.flow) {
    if (nextKs !== undefined) return [ks, nextKs];
    const pe = ((prev?.value as YNode | null)?.range ?? (prev?.key as YNode | null)?.range)?.[1];
    return pe !== undefined ? [pe, ve] : undefined;
  }
  const lines = entryLines(text, ks, ve);
  if (lines) return lines;
  // `- key: value` with more pairs below: the next pair moves up onto the `- ` line
  if (/^[ \t]*-[ \t]+$/.test(text.slice(lineStartOf(text, ks), ks)) && nextKs !== undefined) {
    const after = entryLines(text, ks, ve) ?? [ks, lineEndOf(text, Math.max(ks, ve - 1))];
    if (after[1] <= nextKs && isBlank(text.slice(after[1], lineStartOf(text, nextKs)).replace(/\r?\n/g, ''))) return [ks, nextKs];
  }
  return undefined;
}

