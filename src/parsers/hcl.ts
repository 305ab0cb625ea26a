/**
 * HCL through web-tree-sitter and tree-sitter-hcl's Terraform grammar: a lossless syntax tree whose offsets are
 * UTF-16 indices into the JS string it was given. HashiCorp's own parser (hcl2json) is the reference: it names
 * parse errors and checks every rewritten file.
 */
import * as fs from 'fs';
import { Language, Node, Parser, Tree } from 'web-tree-sitter';
import type { Position } from '../util/range';
import { eolOf } from '../util/text';
import { hclQuotedView, identityView, type TextView } from './views';

let parserPromise: Promise<Parser> | undefined;
let parserReady: Parser | undefined;

/** The shared parser, loaded once per process. */
export function hclParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    // bytes, not paths: web-tree-sitter would import('fs/promises') itself, which jest's module sandbox refuses
    const read = (file: string) => new Uint8Array(fs.readFileSync(file));
    await Parser.init({ wasmBinary: read(require.resolve('web-tree-sitter/tree-sitter.wasm')) });
    const lang = await Language.load(read(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')));
    const p = new Parser();
    p.setLanguage(lang);
    parserReady = p;
    return p;
  })();
  return parserPromise;
}

/** Parses with the parser already loaded (await hclParser() first). The caller must `delete()` the tree. */
export function parseHclTreeSync(text: string): Tree {
  if (!parserReady) throw new Error('the HCL parser is not loaded yet');
  const tree = parserReady.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export type { Node as HclNode, Tree as HclTree };

/** Parses with tree-sitter. The caller must `delete()` the tree. */
export async function parseHclTree(text: string): Promise<Tree> {
  const p = await hclParser();
  const tree = p.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/**
 * Known gaps of tree-sitter-hcl against HashiCorp's parser, each with a same-length rewrite of the text that the
 * grammar reads the same way (offsets stay valid; only the nodes of the rewritten characters differ). Found by the
 * differential test (test/hcl-differential.test.ts):
 * - an object element whose key is parenthesised, on the line after an element whose value ends in a bare name or a
 *   closing bracket (`v\n (k) : v`): the grammar takes newlines for blanks and reads `v (k)` as a call. The key
 *   `(k)` is read as the string key `"k"`.
 */
const GAPS: ReadonlyArray<{ re: RegExp; fix: (m: string, ...g: string[]) => string }> = [
  { re: /(\n[ \t]*)\(([^()"\n]*)\)(?=[ \t]*[:=][^=])/g, fix: (_m, nl: string, inner: string) => `${nl}"${inner}"` },
];

/**
 * The text to give tree-sitter for `text`: the same text, or (when the grammar fails on a known gap) a same-length
 * rewrite of it; `patched` says which.
 */
export function gapWorkaround(text: string): { text: string; patched: boolean } {
  let out = text;
  for (const g of GAPS) out = out.replace(g.re, g.fix as (m: string, ...a: string[]) => string);
  return { text: out, patched: out !== text };
}

/**
 * parseHclTreeSync, with the gap workaround when the text as written has a syntax error: the rewrite's tree when it
 * reads without one, else the tree of the text as written (its errors are the ones to report).
 */
export function parseHclTreeTolerantSync(text: string): Tree {
  const tree = parseHclTreeSync(text);
  if (!firstSyntaxError(tree.rootNode)) return tree;
  const gap = gapWorkaround(text);
  if (!gap.patched) return tree;
  const again = parseHclTreeSync(gap.text);
  if (firstSyntaxError(again.rootNode)) {
    again.delete();
    return tree;
  }
  tree.delete();
  return again;
}

export interface HclError {
  message: string;
  start?: Position;
}

type Hcl2Json = { parse(file: string, text: string): Promise<unknown> };
let hcl2json: Hcl2Json | undefined;
/** Why HashiCorp's parser can no longer be asked in this process (its Go runtime died), if it died. */
let hcl2jsonBroken: string | undefined;

/** Beyond this bracket depth the Go parser overflows its stack (between 1,000 and 2,000 levels, measured). */
export const MAX_CHECK_DEPTH = 1000;

/** Deepest nesting of (), [] and {} outside quoted strings and comments. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  // char codes, not one-character strings: this runs over every rewritten file
  const QUOTE = 34, NL = 10, BACKSLASH = 92, HASH = 35, SLASH = 47;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE && text.charCodeAt(i) !== NL; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
    } else if (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH)) {
      while (i < text.length && text.charCodeAt(i) !== NL) i++;
    } else if (c === 40 || c === 91 || c === 123) max = Math.max(max, ++depth); // ( [ {
    else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1); // ) ] }
  }
  return max;
}

/**
 * HashiCorp's parser slows down with the square of the `$` and `%` signs that start no interpolation (`$(`, `%(`,
 * `$$`, a lone `$`) in one template: a 48 KB run of `$(` took minutes, and its wasm call is synchronous, so no timer
 * can stop it. Above this many such signs in a file it is not asked; tree-sitter's reading checks the text instead.
 */
export const MAX_CHECK_SIGNS = 2000;

/** How many `$` and `%` signs of `text` start no interpolation or directive (are not followed by `{`). */
export function bareTemplateSigns(text: string): number {
  let n = 0;
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) if (text.charCodeAt(i + 1) !== 123) n++;
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) if (text.charCodeAt(i + 1) !== 123) n++;
  return n;
}

/**
 * HashiCorp's parser (hcl2json, Go compiled to wasm) on `text`: undefined when it parses, else its first message
 * with line and column. `.tf.json` is not HCL native syntax; callers check JSON themselves. A text it cannot check
 * (too deep for it, or the parser stopped working) is an error too: a rewrite must not go out unchecked.
 */
export async function hclReferenceError(file: string, text: string): Promise<HclError | undefined> {
  if (hcl2jsonBroken) return { message: hcl2jsonBroken };
  const depth = nestingDepth(text);
  if (depth > MAX_CHECK_DEPTH) return { message: `nested ${depth} levels deep, more than HashiCorp's parser can check (${MAX_CHECK_DEPTH})` };
  if (bareTemplateSigns(text) > MAX_CHECK_SIGNS) {
    // too slow for HashiCorp's parser (see MAX_CHECK_SIGNS): tree-sitter's reading is the check
    await hclParser();
    const tree = parseHclTreeTolerantSync(text);
    try {
      const bad = firstSyntaxError(tree.rootNode);
      if (!bad) return undefined;
      const before = text.slice(0, bad.startIndex);
      const line = before.split('\n').length;
      return { message: 'not valid HCL (checked by tree-sitter: the file has too many literal $ and % signs for HashiCorp\'s parser to check in time)', start: { line, column: bad.startIndex - before.lastIndexOf('\n') } };
    } finally {
      tree.delete();
    }
  }
  hcl2json ??= require('@cdktf/hcl2json') as Hcl2Json;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('no answer within 30 s'), { broken: true })), 30_000);
      timer.unref();
    });
    await Promise.race([hcl2json.parse(file.endsWith('.tf') ? file : `${file}.tf`, text), timeout]);
    return undefined;
  } catch (e) {
    const raw = String((e as Error)?.message ?? e);
    if (e instanceof RangeError || (e as { broken?: boolean })?.broken || /Maximum call stack/.test(raw)) {
      // its Go runtime does not recover: later checks would never answer
      hcl2jsonBroken = `HashiCorp's parser stopped working earlier in this run (${raw}), so this rewrite could not be checked`;
      return { message: `HashiCorp's parser could not check it (${raw})` };
    }
    // "parse config: [main.tf:12,7-13,1: Summary; Detail. main.tf:…]"
    const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]*?)(?=\s+\S+:\d+,\d+(?:-\d+(?:,\d+)?)?:|\]?$)/.exec(raw);
    if (m) return { message: m[3].trim().replace(/\]$/, ''), start: { line: Number(m[1]), column: Number(m[2]) } };
    return { message: raw.replace(/^parse config: \[?/, '').replace(/\]$/, '') };
  } finally {
    clearTimeout(timer);
  }
}

/** First ERROR or MISSING node of a tree-sitter tree, if any. */
export function firstSyntaxError(root: Node): Node | undefined {
  if (!root.hasError) return undefined;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) return n;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c && (c.hasError || c.isMissing)) stack.push(c);
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree helpers

export const children = (n: Node): Node[] => n.children.filter((c): c is Node => c !== null);

/** The name of an attribute, block, or object element key (identifier or quoted string key). */
export function keyName(n: Node): string | undefined {
  if (n.type === 'attribute' || n.type === 'block') return n.child(0)?.text;
  if (n.type === 'object_elem') {
    const key = n.childForFieldName?.('key') ?? n.child(0);
    if (!key) return undefined;
    const t = key.text.trim();
    const q = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
    return q ? q[1] : /^[A-Za-z_][\w-]*$/.test(t) ? t : undefined;
  }
  return undefined;
}

/** The value expression of an attribute or object element. */
export function valueOf(n: Node): Node | undefined {
  if (n.type === 'attribute') return children(n).find((c) => c.type === 'expression');
  if (n.type === 'object_elem') return n.childForFieldName?.('val') ?? children(n).filter((c) => c.type === 'expression')[1];
  return undefined;
}

/** Block type and labels: `module "eks"` → { type: "module", labels: ["eks"] }. */
export function blockHeader(n: Node): { type: string; labels: string[] } {
  const kids = children(n);
  const labels: string[] = [];
  for (const c of kids.slice(1)) {
    if (c.type === 'string_lit') labels.push(c.text.slice(1, -1));
    else if (c.type === 'identifier') labels.push(c.text);
    else break;
  }
  return { type: kids[0]?.text ?? '', labels };
}

/** A string literal as the value of an expression: quoted or heredoc. */
export interface HclString {
  readonly node: Node;
  readonly kind: 'quoted' | 'heredoc';
  /** File range of the content (inside the quotes; heredoc: the body lines, from the first to the closing line). */
  readonly content: readonly [number, number];
  readonly view: TextView;
  /** True when the content holds `${…}` or `%{…}` (Terraform would interpolate it). */
  readonly templated: boolean;
}

/** Unwraps `expression` / `literal_value` / `template_expr` layers. */
export function unwrap(n: Node | undefined | null): Node | undefined {
  let cur = n ?? undefined;
  while (cur && (cur.type === 'expression' || cur.type === 'literal_value' || cur.type === 'template_expr') && cur.namedChildCount === 1) {
    cur = cur.namedChild(0) ?? undefined;
  }
  return cur;
}

/** The string literal an expression is, if it is one. */
export function asString(expr: Node | undefined | null, text: string): HclString | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  if (n.type === 'string_lit' || n.type === 'quoted_template') {
    const s = n.startIndex + 1;
    const e = text[n.endIndex - 1] === '"' && n.endIndex - 1 >= s ? n.endIndex - 1 : n.endIndex;
    const raw = text.slice(s, e);
    return { node: n, kind: 'quoted', content: [s, e], view: hclQuotedView(raw, s), templated: /(^|[^$])\$\{|(^|[^%])%\{/.test(raw) };
  }
  if (n.type === 'heredoc_template') {
    const ids = children(n).filter((c) => c.type === 'heredoc_identifier');
    if (ids.length < 2) return undefined;
    const nl = text.indexOf('\n', ids[0].endIndex);
    const s = nl < 0 ? ids[0].endIndex : nl + 1;
    const e = text.lastIndexOf('\n', ids[ids.length - 1].startIndex - 1) + 1;
    const raw = text.slice(s, Math.max(s, e));
    return { node: n, kind: 'heredoc', content: [s, Math.max(s, e)], view: identityView(raw, s, eolOf(text)), templated: /(^|[^$])\$\{|(^|[^%])%\{/.test(raw) };
  }
  return undefined;
}

/** What one traversal of a tree finds, shared by every rule of a pass (each node crossing from wasm costs). */
interface TreeIndex {
  strings?: HclString[];
  readonly keyed: Map<string, Node[]>;
  readonly objects: Node[];
  readonly stringNodes: Node[];
}

const indexes = new WeakMap<Node, TreeIndex>();

function indexOf(root: Node): TreeIndex {
  let ix = indexes.get(root);
  if (ix) return ix;
  ix = { keyed: new Map(), objects: [], stringNodes: [] };
  const cur = root.walk();
  try {
    for (;;) {
      const t = cur.nodeType;
      if (t === 'attribute' || t === 'object_elem') {
        const n = cur.currentNode;
        const k = keyName(n);
        if (k !== undefined) {
          const list = ix.keyed.get(k);
          if (list) list.push(n);
          else ix.keyed.set(k, [n]);
        }
      } else if (t === 'object') ix.objects.push(cur.currentNode);
      else if (t === 'string_lit' || t === 'quoted_template' || t === 'heredoc_template') ix.stringNodes.push(cur.currentNode);
      if (cur.gotoFirstChild()) continue;
      while (!cur.gotoNextSibling()) {
        if (!cur.gotoParent()) return finish(ix);
      }
    }
  } finally {
    cur.delete();
  }
  function finish(i: TreeIndex): TreeIndex {
    indexes.set(root, i);
    return i;
  }
}

/** Every string literal (quoted or heredoc) under `root`, in file order; strings inside interpolations included. */
export function allStrings(root: Node, text: string): HclString[] {
  const ix = indexOf(root);
  ix.strings ??= ix.stringNodes.map((n) => asString(n, text)).filter((x): x is HclString => !!x).sort((a, b) => a.node.startIndex - b.node.startIndex);
  return ix.strings;
}

/** Every object expression under `root`. */
export const allObjects = (root: Node): readonly Node[] => indexOf(root).objects;

/** One step of the way from the file's top to a node. */
export type PathStep =
  | { kind: 'block'; type: string; labels: string[]; node: Node }
  | { kind: 'attr'; name: string; node: Node }
  | { kind: 'key'; name: string | undefined; node: Node }
  | { kind: 'call'; name: string; node: Node };

/** The blocks, attributes, object keys and function calls that hold `node`, outermost first. */
export function pathOf(node: Node): PathStep[] {
  const steps: PathStep[] = [];
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'block') steps.push({ kind: 'block', ...blockHeader(n), node: n });
    else if (n.type === 'attribute') steps.push({ kind: 'attr', name: keyName(n) ?? '', node: n });
    else if (n.type === 'object_elem') steps.push({ kind: 'key', name: keyName(n), node: n });
    else if (n.type === 'function_call') steps.push({ kind: 'call', name: n.child(0)?.text ?? '', node: n });
  }
  return steps.reverse();
}

/**
 * The attribute or object element whose value holds `node` most closely (through function calls such as
 * `base64encode(<<-EOT … EOT)`), and whether `node` is that value itself.
 */
export function ownerOf(node: Node): { name: string | undefined; node: Node; direct: boolean } | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'attribute' || n.type === 'object_elem') {
      const v = unwrap(valueOf(n));
      return { name: keyName(n), node: n, direct: !!v && v.startIndex === node.startIndex && v.endIndex === node.endIndex };
    }
    if (n.type === 'block') return undefined;
  }
  return undefined;
}

/** Every attribute and object element of a file by key (one traversal, shared with findKeyed). */
export const allKeyed = (root: Node): ReadonlyMap<string, readonly Node[]> => indexOf(root).keyed;

/** Attributes and object elements under `root` named `name` (any depth). */
export function findKeyed(root: Node, name: string): Node[] {
  if (root.parent === null) return indexOf(root).keyed.get(name) ?? [];
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if ((n.type === 'attribute' || n.type === 'object_elem') && keyName(n) === name) out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return out;
}

/** Top-level blocks of a file (`module`, `resource`, `variable`, `locals`, …). */
export function topBlocks(root: Node): Node[] {
  const body = children(root).find((c) => c.type === 'body');
  return body ? children(body).filter((c) => c.type === 'block') : [];
}

/** Direct attributes of a block's body. */
export function blockAttributes(block: Node): Node[] {
  const body = children(block).find((c) => c.type === 'body');
  return body ? children(body).filter((c) => c.type === 'attribute') : [];
}

/** The nested blocks of type `type` in a block's body (`part` of a cloudinit_config, `validation` of a variable). */
export function subBlocks(block: Node, type: string): Node[] {
  const body = children(block).find((c) => c.type === 'body');
  return body ? children(body).filter((c) => c.type === 'block' && blockHeader(c).type === type) : [];
}

/** The direct attribute `name` of a block's body (or of a file's top level), if there is one. */
export const blockAttribute = (block: Node, name: string): Node | undefined => blockAttributes(block).find((a) => keyName(a) === name);

/** Direct elements of an object expression. */
export function objectElems(expr: Node | undefined): Node[] {
  const n = unwrap(expr);
  const obj = n?.type === 'collection_value' ? n.namedChild(0) : n;
  return obj?.type === 'object' ? children(obj).filter((c) => c.type === 'object_elem') : [];
}

/** `var.NAME` / `local.NAME` (no further traversal) as an expression's whole text, else undefined. */
export function referenceIn(text: string): { root: string; name: string } | undefined {
  const m = /^\s*(var|local)\.([A-Za-z_][\w-]*)\s*$/.exec(text);
  return m ? { root: m[1], name: m[2] } : undefined;
}

export const simpleReference = (expr: Node | undefined): { root: string; name: string } | undefined => referenceIn(unwrap(expr)?.text ?? expr?.text ?? '');
