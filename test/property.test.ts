/**
 * Property tests over the shared corpus (fast-check): random truncations, byte flips, inserted brackets and quotes,
 * mixed line endings. Whatever the input, eks-migrate never throws or hangs, never returns a rewrite that fails the
 * reference parser, and never changes a file it reported as unparseable.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ClusterVersions } from '../src/eks/cluster-version';
import { eksHost } from '../src/eks/context';
import { processFile } from '../src/engine/process';
import { kindOf } from '../src/files/discover';
import { hclReferenceError } from '../src/parsers/hcl';
import { parseYaml } from '../src/parsers/yaml';
import { KNOWN_RULES } from '../src/run';
import { RULES } from '../transforms';
import { CORPUS, HAVE_CORPUS, manifest, describeIf } from './helpers/corpus';

const OPTIONS = { target: '1.27', seccompDefault: true, today: '2026-11-28' };
const RUNS = Number(process.env.EKS_MIGRATE_PROPERTY_RUNS ?? 1500);

/** One mutation of a text. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; what: string }
  | { kind: 'eol'; every: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }).map((m) => ({ kind: m.kind, at: m.at })),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), what: fc.constantFrom('{', '}', '[', ']', '"', "'", '${', '%{', '\\', '---\n', ': ', '\t', '<<EOT\n', '#', '\u3042', '\r') }),
  fc.record({ kind: fc.constant('eol' as const), every: fc.integer({ min: 2, max: 7 }) }),
) as fc.Arbitrary<Mutation>;

function apply(text: string, ms: readonly Mutation[]): string {
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

async function parsesWithReference(file: string, kind: string, text: string): Promise<string | undefined> {
  if (kind === 'hcl') return (await hclReferenceError(file, text))?.message;
  if (kind === 'yaml' || kind === 'json' || kind === 'tfjson') return parseYaml(text).error?.message;
  return undefined;
}

describeIf(HAVE_CORPUS, `the shared corpus (${CORPUS})`)('property: hostile mutations of real files', () => {
  // the files some rule acts on (those the manifest expects something of), of every kind
  const files = HAVE_CORPUS
    ? manifest().filter((r) => !r.expect.startsWith('none') && /\.(tf|ya?ml|json|sh|tpl)$/.test(r.path)).map((r) => r.path)
    : [];

  test(`${RUNS} mutated inputs: no throw, no hang, no broken output, no edit of an unparseable file`, async () => {
    expect(files.length).toBeGreaterThan(30);
    const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(CORPUS, f), 'utf8')]));
    let edited = 0;
    let unparseable = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (rel, ms) => {
        const text = apply(texts.get(rel)!, ms);
        const abs = path.join(CORPUS, rel); // read-only: processFile never writes
        const kind = kindOf(rel);
        const started = Date.now();
        const r = await processFile({ path: rel, absPath: abs, text, kind }, RULES, eksHost(OPTIONS, new ClusterVersions(), KNOWN_RULES));
        expect(Date.now() - started).toBeLessThan(5000);
        if (r.diagnostics.some((d) => d.code === 'parse-error')) {
          unparseable++;
          expect(r.output).toBe(text);
        }
        expect(r.diagnostics.filter((d) => d.code === 'internal')).toEqual([]);
        if (r.output !== text) {
          edited++;
          if (r.diagnostics.some((d) => d.code === 'template')) {
            // not YAML (a Helm template): only literal image hosts may have changed
            const back = (t: string) => t.split('registry.k8s.io').join('k8s.gcr.io');
            expect(back(r.output)).toBe(back(text));
          } else {
            const problem = await parsesWithReference(rel, kind, r.output);
            expect(`${rel}: ${problem ?? 'parses'}`).toBe(`${rel}: parses`);
          }
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.EKS_MIGRATE_PROPERTY_SEED ?? 20261128) },
    );
    console.log(`property: ${RUNS} mutated inputs over ${files.length} corpus files; ${edited} rewritten (all parse), ${unparseable} reported unparseable (none changed)`);
  }, 300_000);
});

