/**
 * Partial evaluation of HCL expressions (Terraform's and Terragrunt's) into values with provenance (values.ts):
 * literals, references (resolved by the context: variables, locals, module outputs, each.*), conditionals (both
 * branches, each under its condition when the condition is not known), index and attribute access (every entry
 * when the key is not known), string templates, and the functions that route values: merge, lookup, coalesce, try,
 * concat, format, element, values, keys, the type conversions, yamlencode / jsonencode (kept as the object they
 * encode), file / templatefile (the file's text, with the template's variables recorded), yamldecode of a file.
 * Anything else is unknown, with the reason.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { isMap, isScalar, isSeq } from '../parsers/yaml';
import type { Expr } from '../parsers/hcl-ast';
import type { Range } from '../util/range';
import {
  alt, type Alt, type Alts, entry, field, MAX_ALTS, one, product, scalarText, type Site, through, under, unknownAlts, type Val,
} from './values';

export type Step = { readonly kind: 'attr'; readonly name: string; readonly range: Range } | { readonly kind: 'index'; readonly key: Expr; readonly range: Range };

/** What an expression is evaluated in: where it is written and how its references resolve. */
export interface EvalContext {
  /** The file the expression is written in (absolute). */
  readonly file: string;
  /** The file's text (for the text of conditions in messages). */
  readonly text: string;
  /**
   * The value a reference starts with (`var.x`, `local.y`, `module.z.out`, …): its alternatives and how many of
   * `steps` it used; undefined when the head is not one this context knows.
   */
  ref(head: string, steps: readonly Step[], at: Site): { alts: Alts; used: number } | undefined;
  /** A function this context evaluates itself (Terragrunt's); undefined: the common ones. */
  fn?(name: string, args: readonly Expr[], at: Site): Alts | undefined;
  /** A file's text, when the graph may read it (file(), templatefile(), yamldecode(file())). */
  readFile(file: string): string | null;
  /** The documents of a YAML or JSON file (yamldecode(file(…))). */
  readYaml?(file: string): Document.Parsed[] | null;
  /** A template rendered with these variables (templatefile), for those who ask who renders a file. */
  onTemplate?(file: string, vars: Alts, at: Site): void;
}

const siteOf = (cx: EvalContext, r: Range): Site => ({ file: cx.file, range: r });

/** The reference chain of an expression: `var.a["k"].b` → head `var`, steps [.a, ["k"], .b]. */
export function chain(e: Expr): { head: string; headRange: Range; steps: Step[] } | undefined {
  const steps: Step[] = [];
  let cur: Expr = e;
  for (;;) {
    if (cur.type === 'attr') {
      steps.unshift({ kind: 'attr', name: cur.name, range: cur.range });
      cur = cur.object;
    } else if (cur.type === 'index') {
      steps.unshift({ kind: 'index', key: cur.key, range: cur.range });
      cur = cur.object;
    } else break;
  }
  return cur.type === 'variable' ? { head: cur.name, headRange: cur.range, steps } : undefined;
}

/** The text of an expression as written (conditions in `when`). */
const textOf = (cx: EvalContext, r: Range): string => cx.text.slice(r[0], r[1]).replace(/\s+/g, ' ').trim();

/** Applies attribute and index steps to values. */
export function applySteps(alts: Alts, steps: readonly Step[], cx: EvalContext, depth: number): Alts {
  let cur = alts;
  for (const s of steps) {
    if (s.kind === 'attr') cur = field(cur, s.name);
    else cur = entry(cur, evaluate(s.key, cx, depth + 1), textOf(cx, s.key.range));
  }
  return cur;
}

const MAX_DEPTH = 64;

export function evaluate(e: Expr, cx: EvalContext, depth = 0): Alts {
  if (depth > MAX_DEPTH) return unknownAlts('nested too deeply to follow');
  const at = siteOf(cx, e.range);
  switch (e.type) {
    case 'literal': {
      if (typeof e.value === 'string') return one({ kind: 'string', value: e.value, site: siteOf(cx, e.content ?? e.range), quoted: !e.heredoc });
      if (typeof e.value === 'number') return one({ kind: 'number', value: e.value, raw: e.raw, site: at });
      if (typeof e.value === 'boolean') return one({ kind: 'bool', value: e.value, site: at });
      return one({ kind: 'null', site: at });
    }
    case 'template': {
      if (e.directives) return unknownAlts('a template with %{ } directives', at);
      const parts = e.parts.map((p) => (p.kind === 'text' ? one({ kind: 'string', value: p.text }) : p.kind === 'interp' ? evaluate(p.expr, cx, depth + 1) : unknownAlts('a directive')));
      const combos = product(parts);
      if (!combos) return unknownAlts('too many alternatives', at);
      return combos.map((c) => {
        const when = c.flatMap((x) => x.when);
        const via = c.flatMap((x) => x.via);
        const bad = c.find((x) => scalarText(x.val) === undefined);
        if (bad) return alt({ kind: 'unknown', why: bad.val.kind === 'unknown' ? bad.val.why : 'a template part that is not text', site: at, data: bad.val.kind === 'unknown' ? bad.val.data : undefined }, when, via);
        return alt({ kind: 'string', value: c.map((x) => scalarText(x.val)).join('') }, when, via);
      });
    }
    case 'variable':
    case 'attr':
    case 'index': {
      const ch = chain(e);
      if (!ch) {
        // (expr).x or f(x)[k]: the object first
        const obj = evaluate(e.type === 'variable' ? e : e.object, cx, depth + 1);
        if (e.type === 'attr') return field(obj, e.name);
        if (e.type === 'index') return entry(obj, evaluate(e.key, cx, depth + 1), textOf(cx, e.key.range));
        return obj;
      }
      const r = cx.ref(ch.head, ch.steps, at);
      if (!r) return unknownAlts(`\`${textOf(cx, e.range)}\` is not a value eks-migrate follows`, at);
      return applySteps(through(r.alts, at), ch.steps.slice(r.used), cx, depth);
    }
    case 'splat':
      return unknownAlts(`a splat expression (\`${textOf(cx, e.range)}\`)`, at);
    case 'for':
      return forExpr(e, cx, at, depth);
    case 'object': {
      const fields = new Map<string, Alts>();
      const keySites = new Map<string, Site>();
      for (const it of e.items) {
        let key = it.key;
        if (key === undefined) {
          const k = evaluate(it.keyExpr, cx, depth + 1);
          const t = k.length === 1 ? scalarText(k[0].val) : undefined;
          if (t === undefined) return unknownAlts(`an object key computed from \`${textOf(cx, it.keyExpr.range)}\``, at);
          key = t;
        }
        fields.set(key, evaluate(it.value, cx, depth + 1));
        keySites.set(key, siteOf(cx, it.keyExpr.range));
      }
      return one({ kind: 'object', fields, site: at, keySites });
    }
    case 'tuple':
      return one({ kind: 'tuple', items: e.items.map((x) => evaluate(x, cx, depth + 1)), site: at });
    case 'conditional': {
      const c = evaluate(e.cond, cx, depth + 1);
      const cond = textOf(cx, e.cond.range);
      const out: Alt[] = [];
      for (const ca of c) {
        const b = ca.val.kind === 'bool' ? ca.val.value : undefined;
        const branch = (x: Expr, note: string) => evaluate(x, cx, depth + 1).map((a) => ({ ...a, when: [...ca.when, ...(b === undefined ? [note] : []), ...a.when], via: a.via }));
        if (b !== false) out.push(...branch(e.then, cond));
        if (b !== true) out.push(...branch(e.else, `!(${cond})`));
      }
      return out.length > MAX_ALTS ? unknownAlts('too many alternatives', at) : out;
    }
    case 'binary':
      return binary(e.op, evaluate(e.left, cx, depth + 1), evaluate(e.right, cx, depth + 1), at);
    case 'unary': {
      const v = evaluate(e.operand, cx, depth + 1);
      return v.map((a) => {
        if (e.op === '!' && a.val.kind === 'bool') return { ...a, val: { kind: 'bool', value: !a.val.value } };
        if (e.op === '-' && a.val.kind === 'number') return { ...a, val: { kind: 'number', value: -a.val.value, raw: `-${a.val.raw}` } };
        return { ...a, val: { kind: 'unknown', why: `${e.op} of a value that is not known`, site: at } };
      });
    }
    case 'call':
      return call(e.name, e.args, e.expand, cx, at, depth);
    default:
      return unknownAlts(`\`${textOf(cx, e.range).slice(0, 60)}\` is not an expression eks-migrate reads`, at);
  }
}

/** A for expression over a known map or list: each element evaluated with its key and value bound. */
function forExpr(e: Extract<Expr, { type: 'for' }>, cx: EvalContext, at: Site, depth: number): Alts {
  const coll = evaluate(e.collection, cx, depth + 1);
  if (coll.length !== 1 || (coll[0].val.kind !== 'object' && coll[0].val.kind !== 'tuple')) {
    const why = coll.find((a) => a.val.kind === 'unknown');
    return unknownAlts(`a for expression over \`${textOf(cx, e.collection.range).slice(0, 60)}\`${why?.val.kind === 'unknown' ? ` (${why.val.why})` : ''}`, at);
  }
  const c = coll[0].val;
  const entries: Array<[Alts, Alts]> = c.kind === 'object'
    ? [...c.fields].map(([k, v]) => [one({ kind: 'string', value: k, site: c.keySites?.get(k) }), v])
    : c.items.map((v, i) => [one({ kind: 'number', value: i, raw: String(i) }), v]);
  const fields = new Map<string, Alts>();
  const keySites = new Map<string, Site>();
  const items: Alts[] = [];
  for (const [k, v] of entries) {
    const bound: Record<string, Alts> = { [e.valueVar]: v, ...(e.keyVar ? { [e.keyVar]: k } : {}) };
    const inner: EvalContext = { ...cx, ref: (head, steps, site) => (head in bound ? { alts: bound[head], used: 0 } : cx.ref(head, steps, site)) };
    if (e.cond) {
      const ok = evaluate(e.cond, inner, depth + 1);
      if (ok.every((a) => a.val.kind === 'bool' && !a.val.value)) continue;
      if (!ok.every((a) => a.val.kind === 'bool')) return unknownAlts(`a for expression whose condition is not known (\`${textOf(cx, e.cond.range).slice(0, 60)}\`)`, at);
    }
    const value = evaluate(e.value, inner, depth + 1);
    if (!e.object) {
      items.push(value);
      continue;
    }
    const key = evaluate(e.key!, inner, depth + 1);
    const name = key.length === 1 ? scalarText(key[0].val) : undefined;
    if (name === undefined || e.grouping) return unknownAlts(`a for expression whose keys are not known (\`${textOf(cx, e.range).slice(0, 60)}\`)`, at);
    fields.set(name, value);
    const ks = key[0].val.kind === 'string' ? key[0].val.site : undefined;
    if (ks) keySites.set(name, ks);
  }
  return e.object ? one({ kind: 'object', fields, keySites, site: at }) : one({ kind: 'tuple', items, site: at });
}

function binary(op: string, l: Alts, r: Alts, at: Site): Alts {
  const out: Alt[] = [];
  for (const a of l) {
    for (const b of r) {
      const when = [...a.when, ...b.when];
      const via = [...a.via, ...b.via];
      const x = a.val;
      const y = b.val;
      let v: Val = { kind: 'unknown', why: `\`${op}\` of values that are not known`, site: at };
      if ((op === '==' || op === '!=') && x.kind !== 'unknown' && y.kind !== 'unknown') {
        const sx = x.kind === 'null' ? null : scalarText(x);
        const sy = y.kind === 'null' ? null : scalarText(y);
        if (sx !== undefined && sy !== undefined) v = { kind: 'bool', value: (sx === sy && x.kind === y.kind) === (op === '==') };
      } else if ((op === '&&' || op === '||') && x.kind === 'bool' && y.kind === 'bool') {
        v = { kind: 'bool', value: op === '&&' ? x.value && y.value : x.value || y.value };
      } else if (x.kind === 'number' && y.kind === 'number' && /^(<|>|<=|>=)$/.test(op)) {
        v = { kind: 'bool', value: op === '<' ? x.value < y.value : op === '>' ? x.value > y.value : op === '<=' ? x.value <= y.value : x.value >= y.value };
      } else if (x.kind === 'number' && y.kind === 'number' && /^[-+*/%]$/.test(op)) {
        const n = op === '+' ? x.value + y.value : op === '-' ? x.value - y.value : op === '*' ? x.value * y.value : op === '/' ? x.value / y.value : x.value % y.value;
        v = { kind: 'number', value: n, raw: String(n) };
      }
      out.push({ val: v, when, via });
    }
  }
  return out.length > MAX_ALTS ? unknownAlts('too many alternatives', at) : out;
}

/** A value passed through unchanged by a function (type conversions, encodings): it keeps its place. */
const PASS = new Set(['tostring', 'tonumber', 'tobool', 'tomap', 'toset', 'tolist', 'sensitive', 'nonsensitive', 'base64encode', 'base64gzip', 'trimspace', 'chomp']);

function call(name: string, args: readonly Expr[], expand: boolean, cx: EvalContext, at: Site, depth: number): Alts {
  const own = cx.fn?.(name, args, at);
  if (own) return own;
  if (expand) return unknownAlts(`${name}(…) with expanded arguments`, at);
  const ev = (i: number) => (args[i] ? evaluate(args[i], cx, depth + 1) : unknownAlts(`${name}() without argument ${i + 1}`, at));
  switch (name) {
    case 'yamlencode':
    case 'jsonencode': {
      return ev(0).map((a) => (a.val.kind === 'object' ? { ...a, val: { ...a.val, encoded: name === 'yamlencode' ? 'yaml' as const : 'json' as const } } : a));
    }
    case 'merge': {
      const lists = args.map((_, i) => ev(i));
      const combos = product(lists);
      if (!combos) return unknownAlts('too many alternatives', at);
      return combos.map((c) => {
        const when = c.flatMap((x) => x.when);
        const via = c.flatMap((x) => x.via);
        const fields = new Map<string, Alts>();
        const keySites = new Map<string, Site>();
        for (const x of c) {
          if (x.val.kind === 'null') continue;
          if (x.val.kind !== 'object') return alt({ kind: 'unknown', why: x.val.kind === 'unknown' ? `merge() of a value that is not known: ${x.val.why}` : 'merge() of a value that is not an object', site: at }, when, via);
          for (const [k, v] of x.val.fields) fields.set(k, v);
          for (const [k, s] of x.val.keySites ?? []) keySites.set(k, s);
        }
        return alt({ kind: 'object', fields, keySites, site: at }, when, via);
      });
    }
    case 'lookup': {
      const m = ev(0);
      const k = ev(1);
      const got = entry(m, k, 'key');
      if (args.length < 3) return got;
      const d = ev(2);
      return got.flatMap((g) => (g.val.kind === 'unknown' && /^has no key/.test(g.val.why) ? d.map((x) => ({ ...x, when: [...g.when, ...x.when] })) : [g]));
    }
    case 'coalesce':
    case 'try': {
      for (let i = 0; i < args.length; i++) {
        const v = ev(i);
        const known = v.every((a) => a.val.kind !== 'unknown');
        if (name === 'coalesce') {
          if (!known) return v;
          const live = v.filter((a) => a.val.kind !== 'null' && !(a.val.kind === 'string' && a.val.value === ''));
          if (live.length === v.length) return v;
          if (live.length) return [...live, ...(i + 1 < args.length ? under(ev(i + 1), `${textOf(cx, args[i].range)} is null`) : [])];
        } else if (known || i === args.length - 1) return v;
      }
      return unknownAlts(`${name}() of no value`, at);
    }
    case 'concat': {
      const lists = args.map((_, i) => ev(i));
      const combos = product(lists);
      if (!combos) return unknownAlts('too many alternatives', at);
      return combos.map((c) => {
        const bad = c.find((x) => x.val.kind !== 'tuple');
        const when = c.flatMap((x) => x.when);
        if (bad) return alt({ kind: 'unknown', why: 'concat() of a value that is not a list', site: at }, when);
        return alt({ kind: 'tuple', items: c.flatMap((x) => (x.val.kind === 'tuple' ? x.val.items : [])), site: at }, when, c.flatMap((x) => x.via));
      });
    }
    case 'element':
    case 'one': {
      const l = ev(0);
      return name === 'one' ? entry(l, one({ kind: 'number', value: 0, raw: '0' }), '0') : entry(l, ev(1), args[1] ? textOf(cx, args[1].range) : 'index');
    }
    case 'values':
    case 'keys':
      return ev(0).map((a) => {
        if (a.val.kind !== 'object') return { ...a, val: { kind: 'unknown', why: `${name}() of a value that is not a map`, site: at } };
        const items = name === 'values' ? [...a.val.fields.values()] : [...a.val.fields.keys()].map((k) => one({ kind: 'string', value: k, site: a.val.kind === 'object' ? a.val.keySites?.get(k) : undefined }));
        return { ...a, val: { kind: 'tuple', items, site: at } };
      });
    case 'format': {
      const lists = args.map((_, i) => ev(i));
      const combos = product(lists);
      if (!combos) return unknownAlts('too many alternatives', at);
      return combos.map((c) => {
        const when = c.flatMap((x) => x.when);
        const via = c.flatMap((x) => x.via);
        const texts = c.map((x) => scalarText(x.val));
        if (texts.some((t) => t === undefined)) return alt({ kind: 'unknown', why: 'format() of a value that is not known', site: at }, when, via);
        let i = 1;
        const out = texts[0]!.replace(/%(%|[-+# 0]*\d*(?:\.\d+)?[sdvqf])/g, (m, spec: string) => (spec === '%' ? '%' : texts[i++] ?? m));
        return alt({ kind: 'string', value: out }, when, via);
      });
    }
    case 'lower':
    case 'upper':
      return ev(0).map((a) => (a.val.kind === 'string' ? { ...a, val: { kind: 'string', value: name === 'lower' ? a.val.value.toLowerCase() : a.val.value.toUpperCase() } } : a));
    case 'file':
    case 'templatefile': {
      const p = ev(0);
      const vars = name === 'templatefile' ? ev(1) : one({ kind: 'object', fields: new Map() });
      return p.map((a) => {
        if (a.val.kind !== 'string') return { ...a, val: { kind: 'unknown', why: `${name}() of a path that is not known`, site: at } };
        const f = path.resolve(path.dirname(cx.file), a.val.value);
        const text = cx.readFile(f);
        if (text === null) return { ...a, val: { kind: 'unknown', why: `${name}("${a.val.value}"): not a file eks-migrate reads here`, site: at } };
        if (name === 'templatefile') cx.onTemplate?.(f, vars, at);
        return { ...a, val: { kind: 'text', file: f, text, site: at } };
      });
    }
    case 'yamldecode':
    case 'jsondecode': {
      return ev(0).flatMap((a) => {
        if (a.val.kind === 'object' || a.val.kind === 'tuple') return [a]; // Terragrunt's read_tfvars_file: already the values
        if (a.val.kind !== 'text' || a.val.file === undefined) return [{ ...a, val: { kind: 'unknown', why: `${name}() of text that is not a file`, site: at } as Val }];
        const docs = cx.readYaml?.(a.val.file);
        const d = docs?.[0];
        if (!d) return [{ ...a, val: { kind: 'unknown', why: `${name}(): ${path.basename(a.val.file)} does not parse`, site: at } as Val }];
        return fromYaml(d.contents, a.val.file).map((x) => ({ ...x, when: [...a.when, ...x.when], via: [...a.via, ...x.via] }));
      });
    }
    default:
      if (PASS.has(name)) return ev(0);
      return unknownAlts(`${name}() is a function eks-migrate does not evaluate`, at);
  }
}

/** A YAML (or JSON) node as a value, each scalar with its place in the file. */
export function fromYaml(n: unknown, file: string, depth = 0): Alts {
  if (depth > 50) return unknownAlts('nested too deeply');
  if (isScalar(n)) {
    const r = (n as { range?: [number, number, number] }).range;
    const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
    const site = r ? { file, range: [r[0] + (quoted ? 1 : 0), r[1] - (quoted ? 1 : 0)] as Range } : undefined;
    const v = n.value;
    if (typeof v === 'string') return one({ kind: 'string', value: v, site, quoted });
    if (typeof v === 'number') return one({ kind: 'number', value: v, raw: String(n.source ?? v), site });
    if (typeof v === 'boolean') return one({ kind: 'bool', value: v, site });
    if (v === null) return one({ kind: 'null', site });
    return unknownAlts('a YAML value eks-migrate does not read');
  }
  if (isMap(n)) {
    const fields = new Map<string, Alts>();
    for (const p of n.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k !== undefined) fields.set(k, fromYaml(p.value, file, depth + 1));
    }
    return one({ kind: 'object', fields });
  }
  if (isSeq(n)) return one({ kind: 'tuple', items: n.items.map((x) => fromYaml(x, file, depth + 1)) });
  return unknownAlts('a YAML value eks-migrate does not read');
}
