/**
 * Hostile variations of real files for the property tests and the fuzz run (fast-check): truncations, byte flips,
 * inserted brackets, quotes and template marks, mixed line endings.
 */
import fc from 'fast-check';
import { hclReferenceError } from '../../src/parsers/hcl';
import { parseYaml } from '../../src/parsers/yaml';

/** One mutation of a text. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; what: string }
  | { kind: 'eol'; every: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }).map((m) => ({ kind: m.kind, at: m.at })),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), what: fc.constantFrom('{', '}', '[', ']', '"', "'", '${', '%{', '\\', '---\n', ': ', '\t', '<<EOT\n', '#', '\u3042', '\r') }),
  fc.record({ kind: fc.constant('eol' as const), every: fc.integer({ min: 2, max: 7 }) }),
) as fc.Arbitrary<Mutation>;

/** The text after the mutations, in order. */
export function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    if (m.kind === 'eol') {
      let k = 0;
      t = t.replace(/\r?\n/g, (nl) => (++k % m.every === 0 ? (nl === '\n' ? '\r\n' : '\n') : nl));
      continue;
    }
    const at = Math.floor(m.at * t.length);
    if (m.kind === 'truncate') t = t.slice(0, at);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.what + t.slice(at);
    else t = t.slice(0, at) + String.fromCharCode(m.byte) + t.slice(at + 1);
  }
  return t;
}

/** The reference parser's complaint about a text of that kind, if any (HashiCorp's HCL parser, `yaml`). */
export async function referenceProblem(file: string, kind: string, text: string): Promise<string | undefined> {
  if (kind === 'hcl') return (await hclReferenceError(file, text))?.message;
  if (kind === 'yaml' || kind === 'json' || kind === 'tfjson') return parseYaml(text).error?.message;
  return undefined;
}
