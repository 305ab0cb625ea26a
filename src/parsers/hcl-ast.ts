/**
 * A plain syntax tree of an HCL file (Terraform, .tfvars, Terragrunt), made once from tree-sitter's tree: blocks,
 * attributes and expressions as JavaScript objects with the offsets of every node (UTF-16 indices into the file's
 * text, as every edit). Nothing here is re-printed: the tree is for reading values and finding where a literal is
 * written. The tree-sitter tree can be deleted once this is made, so a whole repository's files can be held.
 */
import type { Range } from '../util/range';
import { asString, blockHeader, children, type HclNode, keyName } from './hcl';
import { hclQuotedView } from './views';

export type Expr =
  /** A string (not templated), number, bool or null. `content`: a string's text inside its quotes or heredoc. */
  | { readonly type: 'literal'; readonly value: string | number | boolean | null; readonly range: Range; readonly content?: Range; readonly raw: string; readonly heredoc?: boolean }
  /** A string with `${…}` interpolations (and maybe `%{…}` directives). */
  | { readonly type: 'template'; readonly parts: readonly TemplatePart[]; readonly range: Range; readonly content: Range; readonly heredoc: boolean; readonly directives: boolean }
  | { readonly type: 'variable'; readonly name: string; readonly range: Range }
  | { readonly type: 'attr'; readonly object: Expr; readonly name: string; readonly range: Range }
  | { readonly type: 'index'; readonly object: Expr; readonly key: Expr; readonly range: Range }
  | { readonly type: 'splat'; readonly object: Expr; readonly range: Range }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean; readonly range: Range }
  | { readonly type: 'object'; readonly items: readonly ObjectItem[]; readonly range: Range }
  | { readonly type: 'tuple'; readonly items: readonly Expr[]; readonly range: Range }
  | { readonly type: 'conditional'; readonly cond: Expr; readonly then: Expr; readonly else: Expr; readonly range: Range }
  | { readonly type: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly range: Range }
  | { readonly type: 'unary'; readonly op: string; readonly operand: Expr; readonly range: Range }
  /** `[for k, v in coll : value if cond]` / `{for k, v in coll : key => value if cond}`. */
  | {
    readonly type: 'for'; readonly object: boolean; readonly keyVar?: string; readonly valueVar: string; readonly collection: Expr;
    readonly key?: Expr; readonly value: Expr; readonly cond?: Expr; readonly grouping: boolean; readonly range: Range;
  }
  | { readonly type: 'unknown'; readonly range: Range; readonly text: string };

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly range: Range }
  | { readonly kind: 'interp'; readonly expr: Expr; readonly range: Range }
  | { readonly kind: 'directive'; readonly range: Range };

export interface ObjectItem {
  /** The key as a name (`key`, `"key"`), when it is one; else undefined (an expression key). */
  readonly key?: string;
  readonly keyExpr: Expr;
  readonly value: Expr;
  readonly range: Range;
}

export interface Attribute {
  readonly name: string;
  readonly value: Expr;
  readonly range: Range;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
  readonly range: Range;
}

export interface HclFile {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
}

const rangeOf = (n: HclNode): Range => [n.startIndex, n.endIndex];
const POSTFIX = new Set(['get_attr', 'index', 'splat']);
/** Deeper than this, an expression is not read (a generated file nested thousands deep must not overflow the stack). */
const MAX_EXPR_DEPTH = 200;
let depth = 0;

/** The plain tree of a file from its tree-sitter root. */
export function toAst(root: HclNode, text: string): HclFile {
  const plain = copyTree(root, text);
  const body = children(plain).find((c) => c.type === 'body');
  return body ? bodyOf(body, text) : { attributes: [], blocks: [] };
}

/**
 * A copy of a tree-sitter tree in plain objects, made with one cursor walk: every property read of a tree-sitter
 * node crosses into wasm, and reading a file's nodes one by one costs ten times the walk. It offers the part of the
 * node interface the tree helpers use (parsers/hcl.ts), so they read it as they read tree-sitter's nodes.
 */
class PlainNode {
  readonly children: PlainNode[] = [];
  parent: PlainNode | null = null;
  hasError = false;
  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly field: string | null,
    private readonly source: string,
  ) {}
  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildCount(): number {
    return this.children.filter((c) => c.isNamed).length;
  }
  child(i: number): PlainNode | null {
    return this.children[i] ?? null;
  }
  namedChild(i: number): PlainNode | null {
    return this.children.filter((c) => c.isNamed)[i] ?? null;
  }
  childForFieldName(name: string): PlainNode | null {
    return this.children.find((c) => c.field === name) ?? null;
  }
}

function copyTree(root: HclNode, text: string): HclNode {
  const cur = root.walk();
  const top = new PlainNode(cur.nodeType, cur.startIndex, cur.endIndex, cur.nodeIsNamed, cur.nodeIsMissing, null, text);
  let at = top;
  try {
    for (;;) {
      if (cur.gotoFirstChild()) {
        const n = new PlainNode(cur.nodeType, cur.startIndex, cur.endIndex, cur.nodeIsNamed, cur.nodeIsMissing, cur.currentFieldName, text);
        n.parent = at;
        at.children.push(n);
        at = n;
        continue;
      }
      for (;;) {
        if (at.type === 'ERROR' || at.isMissing || at.hasError) for (let p = at.parent; p && !p.hasError; p = p.parent) p.hasError = true;
        if (at.type === 'ERROR' || at.isMissing) at.hasError = true;
        if (cur.gotoNextSibling()) {
          const n = new PlainNode(cur.nodeType, cur.startIndex, cur.endIndex, cur.nodeIsNamed, cur.nodeIsMissing, cur.currentFieldName, text);
          n.parent = at.parent;
          at.parent!.children.push(n);
          at = n;
          break;
        }
        if (!cur.gotoParent()) return top as unknown as HclNode;
        at = at.parent!;
      }
    }
  } finally {
    cur.delete();
  }
}

function bodyOf(body: HclNode, text: string): HclFile {
  if (depth > MAX_EXPR_DEPTH) return { attributes: [], blocks: [] };
  depth++;
  try {
    return bodyAt(body, text);
  } finally {
    depth--;
  }
}

function bodyAt(body: HclNode, text: string): HclFile {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  for (const c of children(body)) {
    if (c.type === 'attribute') {
      const name = keyName(c);
      const v = children(c).find((x) => x.type === 'expression');
      if (name) attributes.push({ name, value: v ? expr(v, text) : unknown(c, text), range: rangeOf(c) });
    } else if (c.type === 'block') {
      const h = blockHeader(c);
      const b = children(c).find((x) => x.type === 'body');
      const inner = b ? bodyOf(b, text) : { attributes: [], blocks: [] };
      blocks.push({ type: h.type, labels: h.labels, attributes: inner.attributes, blocks: inner.blocks, range: rangeOf(c) });
    }
  }
  return { attributes, blocks };
}

const unknown = (n: HclNode, text: string): Expr => ({ type: 'unknown', range: rangeOf(n), text: text.slice(n.startIndex, n.endIndex) });

/** An expression node (or any term node) as an Expr. */
export function expr(n: HclNode, text: string): Expr {
  if (n.hasError || depth > MAX_EXPR_DEPTH) return unknown(n, text);
  depth++;
  try {
    return exprAt(n, text);
  } finally {
    depth--;
  }
}

function exprAt(n: HclNode, text: string): Expr {
  if (n.type === 'expression') {
    const kids = children(n);
    // a parenthesised expression: ( expression )
    if (kids[0]?.type === '(' ) {
      const inner = kids.find((k) => k.type === 'expression');
      return inner ? expr(inner, text) : unknown(n, text);
    }
    return terms(kids.filter((k) => k.isNamed), text, n);
  }
  return term(n, text);
}

/** A term followed by postfix operators (`.name`, `[key]`, `.*`), as tree-sitter writes them: siblings. */
function terms(nodes: HclNode[], text: string, whole: HclNode): Expr {
  if (!nodes.length) return unknown(whole, text);
  let e = term(nodes[0], text);
  const start = nodes[0].startIndex;
  for (const p of nodes.slice(1)) {
    const range: Range = [start, p.endIndex];
    if (p.type === 'get_attr') {
      const id = children(p).find((c) => c.type === 'identifier');
      e = id ? { type: 'attr', object: e, name: id.text, range } : unknown(p, text);
    } else if (p.type === 'index') {
      const inner = p.namedChild(0);
      const k = inner && children(inner).find((c) => c.type === 'expression');
      if (inner?.type === 'legacy_index') {
        const num = /\.(\d+)/.exec(inner.text);
        e = num ? { type: 'index', object: e, key: { type: 'literal', value: Number(num[1]), range: rangeOf(inner), raw: num[1] }, range } : unknown(p, text);
      } else e = k ? { type: 'index', object: e, key: expr(k, text), range } : unknown(p, text);
    } else if (p.type === 'splat') {
      e = { type: 'splat', object: e, range };
    } else return unknown(whole, text);
  }
  return e;
}

function term(n: HclNode, text: string): Expr {
  switch (n.type) {
    case 'expression':
      return expr(n, text);
    case 'literal_value': {
      const c = n.namedChild(0);
      return c ? term(c, text) : unknown(n, text);
    }
    case 'numeric_lit':
      return { type: 'literal', value: Number(n.text), range: rangeOf(n), raw: n.text };
    case 'bool_lit':
      return { type: 'literal', value: n.text === 'true', range: rangeOf(n), raw: n.text };
    case 'null_lit':
      return { type: 'literal', value: null, range: rangeOf(n), raw: n.text };
    case 'string_lit':
    case 'quoted_template':
    case 'heredoc_template':
      return stringOf(n, text);
    case 'template_expr': {
      const c = n.namedChild(0);
      return c ? term(c, text) : unknown(n, text);
    }
    case 'variable_expr':
      return { type: 'variable', name: n.text, range: rangeOf(n) };
    case 'collection_value': {
      const c = n.namedChild(0);
      return c ? term(c, text) : unknown(n, text);
    }
    case 'tuple':
      return { type: 'tuple', items: children(n).filter((c) => c.type === 'expression').map((c) => expr(c, text)), range: rangeOf(n) };
    case 'object': {
      const items: ObjectItem[] = [];
      for (const el of children(n).filter((c) => c.type === 'object_elem')) {
        const exprs = children(el).filter((c) => c.type === 'expression');
        const keyNode = el.childForFieldName?.('key') ?? exprs[0];
        const valNode = el.childForFieldName?.('val') ?? exprs[1];
        if (!keyNode || !valNode) continue;
        const kx = expr(keyNode, text);
        // a bare name or a quoted name is the key itself; `(expr)` and references are expression keys
        const key = keyName(el) ?? (kx.type === 'literal' && typeof kx.value === 'string' ? kx.value : undefined);
        const bare = kx.type === 'variable' || (kx.type === 'literal' && typeof kx.value === 'string');
        items.push({ key: bare ? key : undefined, keyExpr: kx, value: expr(valNode, text), range: rangeOf(el) });
      }
      return { type: 'object', items, range: rangeOf(n) };
    }
    case 'function_call': {
      const name = n.child(0)?.text ?? '';
      const argsNode = children(n).find((c) => c.type === 'function_arguments');
      const args = argsNode ? children(argsNode).filter((c) => c.type === 'expression').map((c) => expr(c, text)) : [];
      const expand = !!argsNode && children(argsNode).some((c) => c.type === 'expand_argument' || c.text === '...');
      return { type: 'call', name, args, expand, range: rangeOf(n) };
    }
    case 'conditional': {
      const e = children(n).filter((c) => c.type === 'expression');
      return e.length === 3 ? { type: 'conditional', cond: expr(e[0], text), then: expr(e[1], text), else: expr(e[2], text), range: rangeOf(n) } : unknown(n, text);
    }
    case 'operation': {
      const c = n.namedChild(0);
      return c ? term(c, text) : unknown(n, text);
    }
    case 'binary_operation': {
      const kids = children(n);
      const opAt = kids.findIndex((k) => !k.isNamed);
      if (opAt <= 0) return unknown(n, text);
      const left = operand(kids.slice(0, opAt), text, n);
      const right = operand(kids.slice(opAt + 1), text, n);
      return { type: 'binary', op: kids[opAt].text, left, right, range: rangeOf(n) };
    }
    case 'unary_operation': {
      const kids = children(n);
      return { type: 'unary', op: kids[0]?.text ?? '', operand: operand(kids.slice(1), text, n), range: rangeOf(n) };
    }
    case 'for_expr': {
      const f = n.namedChild(0);
      const intro = f && children(f).find((c) => c.type === 'for_intro');
      if (!f || !intro) return unknown(n, text);
      const ids = children(intro).filter((c) => c.type === 'identifier').map((c) => c.text);
      const coll = children(intro).find((c) => c.type === 'expression');
      const body = children(f).filter((c) => c.type === 'expression');
      const cond = children(f).find((c) => c.type === 'for_cond');
      const condExpr = cond && children(cond).find((c) => c.type === 'expression');
      const object = f.type === 'for_object_expr';
      if (!coll || !ids.length || body.length < (object ? 2 : 1)) return unknown(n, text);
      return {
        type: 'for', object, keyVar: ids.length > 1 ? ids[0] : undefined, valueVar: ids[ids.length - 1], collection: expr(coll, text),
        key: object ? expr(body[0], text) : undefined, value: expr(body[object ? 1 : 0], text), cond: condExpr ? expr(condExpr, text) : undefined,
        grouping: children(f).some((c) => c.text === '...'), range: rangeOf(n),
      };
    }
    default:
      return unknown(n, text);
  }
}

/** An operand of an operation: a term with its postfix siblings (the grammar inlines them). */
function operand(nodes: HclNode[], text: string, whole: HclNode): Expr {
  const named = nodes.filter((k) => k.isNamed);
  if (named.length === 1 && named[0].type === 'expression') return expr(named[0], text);
  if (named.length && !POSTFIX.has(named[0].type)) return terms(named, text, whole);
  return unknown(whole, text);
}

function stringOf(n: HclNode, text: string): Expr {
  const s = asString(n, text);
  if (!s) return unknown(n, text);
  const heredoc = s.kind === 'heredoc';
  if (!s.templated) {
    let value = s.view.text;
    if (heredoc && /^<<-/.test(n.text)) value = stripIndent(value);
    return { type: 'literal', value, range: rangeOf(n), content: s.content, raw: text.slice(n.startIndex, n.endIndex), heredoc };
  }
  // the text between interpolations is sliced from the content (a heredoc's blanks and line breaks are in no node)
  const parts: TemplatePart[] = [];
  let directives = false;
  let at = s.content[0];
  const textUpTo = (end: number) => {
    if (end <= at) return;
    const raw = text.slice(at, end);
    parts.push({ kind: 'text', text: heredoc ? raw : hclQuotedView(raw, at).text, range: [at, end] });
  };
  for (const c of children(n)) {
    if (c.type !== 'template_interpolation' && c.type !== 'template_directive') continue;
    if (c.startIndex < s.content[0] || c.endIndex > s.content[1]) continue;
    textUpTo(c.startIndex);
    const e = c.type === 'template_interpolation' ? children(c).find((x) => x.type === 'expression') : undefined;
    if (c.type === 'template_directive') directives = true;
    parts.push(e ? { kind: 'interp', expr: expr(e, text), range: rangeOf(c) } : { kind: 'directive', range: rangeOf(c) });
    at = c.endIndex;
  }
  textUpTo(s.content[1]);
  return { type: 'template', parts, range: rangeOf(n), content: s.content, heredoc, directives };
}

/** `<<-` heredocs lose the common leading blanks of their lines (as Terraform reads them). */
export function stripIndent(body: string): string {
  const lines = body.split('\n');
  const widths = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const w = widths.length ? Math.min(...widths) : 0;
  return w ? lines.map((l) => l.slice(Math.min(w, /^[ \t]*/.exec(l)![0].length))).join('\n') : body;
}

/** Every block of `file` of a type (`module`, `resource`, …). */
export const blocksOf = (file: HclFile | Block, type: string): Block[] => file.blocks.filter((b) => b.type === type);

/** The attribute `name` of a block or file. */
export const attrOf = (b: HclFile | Block, name: string): Attribute | undefined => b.attributes.find((a) => a.name === name);

/** A literal string attribute's value. */
export function stringAttr(b: HclFile | Block, name: string): string | undefined {
  const v = attrOf(b, name)?.value;
  return v?.type === 'literal' && typeof v.value === 'string' ? v.value : undefined;
}

/** `var.a.b` → ['var', 'a', 'b'] for a reference made of names only; undefined otherwise. */
export function referencePath(e: Expr): string[] | undefined {
  if (e.type === 'variable') return [e.name];
  if (e.type === 'attr') {
    const p = referencePath(e.object);
    return p && [...p, e.name];
  }
  return undefined;
}

/** Calls `visit` on `e` and every expression inside it. */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.type) {
    case 'template':
      for (const p of e.parts) if (p.kind === 'interp') walkExpr(p.expr, visit);
      break;
    case 'attr':
    case 'splat':
      walkExpr(e.object, visit);
      break;
    case 'index':
      walkExpr(e.object, visit);
      walkExpr(e.key, visit);
      break;
    case 'call':
      for (const a of e.args) walkExpr(a, visit);
      break;
    case 'object':
      for (const it of e.items) {
        walkExpr(it.keyExpr, visit);
        walkExpr(it.value, visit);
      }
      break;
    case 'tuple':
      for (const it of e.items) walkExpr(it, visit);
      break;
    case 'conditional':
      walkExpr(e.cond, visit);
      walkExpr(e.then, visit);
      walkExpr(e.else, visit);
      break;
    case 'binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      break;
    case 'unary':
      walkExpr(e.operand, visit);
      break;
    case 'for':
      for (const x of [e.collection, e.key, e.value, e.cond]) if (x) walkExpr(x, visit);
      break;
    default:
  }
}
