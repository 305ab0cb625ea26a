/**
 * Values of the configuration graph. A value is a set of alternatives (a conditional gives both branches, a map
 * read by an unknown key gives every entry), each with the conditions it holds under and the way it came
 * (`via`: every reference it passed through, from where it is read to where it is written). A scalar that is
 * written as a literal carries that literal's place (`site`): the place an edit goes. What cannot be known is
 * `unknown` with the reason; nothing is guessed.
 */
import type { Range } from '../util/range';

/** A place in a file: an absolute path and a range of its text (a string literal's text inside its quotes). */
export interface Site {
  readonly file: string;
  readonly range: Range;
}

export type Val =
  | { readonly kind: 'string'; readonly value: string; readonly site?: Site; readonly quoted?: boolean }
  | { readonly kind: 'number'; readonly value: number; readonly raw: string; readonly site?: Site }
  | { readonly kind: 'bool'; readonly value: boolean; readonly site?: Site }
  | { readonly kind: 'null'; readonly site?: Site }
  /** An object or map; `site` is the whole object expression. `encoded`: the result of yamlencode / jsonencode. */
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Alts>; readonly site?: Site; readonly keySites?: ReadonlyMap<string, Site>; readonly encoded?: 'yaml' | 'json' }
  | { readonly kind: 'tuple'; readonly items: readonly Alts[]; readonly site?: Site }
  /** The text of a file (`file()`, `templatefile()`): `file` is where it is; `site` the call. */
  | { readonly kind: 'text'; readonly file: string; readonly text: string; readonly site?: Site }
  | { readonly kind: 'unknown'; readonly why: string; readonly site?: Site; readonly data?: DataRef };

/** `data.TYPE.NAME.ATTR`: read from the provider at plan time; which block it is, for those who want to look. */
export interface DataRef {
  readonly type: string;
  readonly name: string;
  readonly attr: string;
}

export interface Alt {
  readonly val: Val;
  /** Conditions this alternative holds under, in the user's words (`var.environment == "prod"`). */
  readonly when: readonly string[];
  /** References it came through, from the reader outward (`var.x` in main.tf, the module argument, the .tfvars line). */
  readonly via: readonly Site[];
}

export type Alts = readonly Alt[];

/** More alternatives than this in one value make it unknown (a product of many conditionals is no longer useful). */
export const MAX_ALTS = 32;

export const alt = (val: Val, when: readonly string[] = [], via: readonly Site[] = []): Alt => ({ val, when, via });
export const one = (val: Val): Alts => [alt(val)];
export const unknownAlts = (why: string, site?: Site, data?: DataRef): Alts => [alt({ kind: 'unknown', why, site, data })];

/** Alternatives with one more reference in front of their way. */
export const through = (alts: Alts, site: Site | undefined): Alts =>
  site ? alts.map((a) => (a.via[0] && sameSite(a.via[0], site) ? a : { ...a, via: [site, ...a.via] })) : alts;

const sameSite = (a: Site, b: Site): boolean => a.file === b.file && a.range[0] === b.range[0] && a.range[1] === b.range[1];

/** Alternatives with one more condition. */
export const under = (alts: Alts, cond: string): Alts => alts.map((a) => ({ ...a, when: [...a.when, cond] }));

/** A scalar's value as a string (numbers as written), or undefined for anything else. */
export function scalarText(v: Val): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.raw;
  if (v.kind === 'bool') return String(v.value);
  return undefined;
}

export const isKnown = (a: Alts): boolean => a.length > 0 && a.every((x) => x.val.kind !== 'unknown');

/** The distinct scalar texts among the alternatives (unknowns left out). */
export function scalarTexts(a: Alts): string[] {
  return [...new Set(a.map((x) => scalarText(x.val)).filter((s): s is string => s !== undefined))];
}

/** Every alternative of `alts` combined with every one of `more` (the product, capped at MAX_ALTS). */
export function product<T>(lists: readonly (readonly T[])[]): T[][] | undefined {
  let out: T[][] = [[]];
  for (const l of lists) {
    const next: T[][] = [];
    for (const prefix of out) for (const x of l) next.push([...prefix, x]);
    if (next.length > MAX_ALTS) return undefined;
    out = next;
  }
  return out;
}

/** A field of an object value (each alternative), with the field's own alternatives. */
export function field(alts: Alts, name: string): Alts {
  const out: Alt[] = [];
  for (const a of alts) {
    const v = a.val;
    if (v.kind === 'object') {
      const f = v.fields.get(name);
      if (f) out.push(...f.map((x) => ({ val: x.val, when: [...a.when, ...x.when], via: [...a.via, ...x.via] })));
      else out.push({ ...a, val: { kind: 'unknown', why: `has no "${name}"` } });
    } else if (v.kind === 'unknown') out.push(a);
    else if (v.kind === 'null') out.push({ ...a, val: { kind: 'unknown', why: `is null (no "${name}")` } });
    else out.push({ ...a, val: { kind: 'unknown', why: `is not an object (no "${name}")` } });
  }
  return out;
}

/**
 * An entry of an object or tuple by key (each alternative of each): a key that is not known gives every entry,
 * each under the condition that the key is its own.
 */
export function entry(alts: Alts, keys: Alts, keyText: string): Alts {
  const out: Alt[] = [];
  for (const a of alts) {
    const v = a.val;
    for (const k of keys) {
      const when = [...a.when, ...k.when];
      const via = [...a.via, ...k.via];
      const key = scalarText(k.val);
      if (v.kind === 'object') {
        if (key !== undefined) {
          const f = v.fields.get(key);
          if (f) out.push(...f.map((x) => ({ val: x.val, when: [...when, ...x.when], via: [...via, ...x.via] })));
          else out.push({ val: { kind: 'unknown', why: `has no key "${key}"` }, when, via });
        } else {
          for (const [name, f] of v.fields) out.push(...f.map((x) => ({ val: x.val, when: [...when, ...x.when, `${keyText} == "${name}"`], via: [...via, ...x.via] })));
        }
      } else if (v.kind === 'tuple') {
        const i = key !== undefined ? Number(key) : NaN;
        if (Number.isInteger(i) && i >= 0 && i < v.items.length) out.push(...v.items[i].map((x) => ({ val: x.val, when: [...when, ...x.when], via: [...via, ...x.via] })));
        else if (key === undefined) v.items.forEach((it, n) => out.push(...it.map((x) => ({ val: x.val, when: [...when, ...x.when, `${keyText} == ${n}`], via: [...via, ...x.via] }))));
        else out.push({ val: { kind: 'unknown', why: `has no element ${key}` }, when, via });
      } else if (v.kind === 'unknown') out.push({ ...a, when, via });
      else out.push({ val: { kind: 'unknown', why: 'is not a map or list' }, when, via });
    }
  }
  return out.length > MAX_ALTS ? unknownAlts('too many alternatives') : out;
}

/** A short text of a value for messages and the graph listing. */
export function describeVal(v: Val): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value);
    case 'number':
      return v.raw;
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'object':
      return `{${[...v.fields.keys()].slice(0, 6).join(', ')}${v.fields.size > 6 ? ', …' : ''}}`;
    case 'tuple':
      return `[${v.items.length} items]`;
    case 'text':
      return `text of ${v.file}`;
    default:
      return `unknown (${v.why})`;
  }
}
