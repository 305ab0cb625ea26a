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
import { KNOWN_RULES } from '../src/run';
import { RULES } from '../transforms';
import { CORPUS, HAVE_CORPUS, manifest, describeIf } from './helpers/corpus';
import { mutate, mutation, referenceProblem } from './helpers/mutate';

const OPTIONS = { target: '1.27', seccompDefault: true, today: '2026-11-28' };
const RUNS = Number(process.env.EKS_MIGRATE_PROPERTY_RUNS ?? 1500);

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
        const text = mutate(texts.get(rel)!, ms);
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
            const problem = await referenceProblem(rel, kind, r.output);
            expect(`${rel}: ${problem ?? 'parses'}`).toBe(`${rel}: parses`);
          }
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.EKS_MIGRATE_PROPERTY_SEED ?? 20261128) },
    );
    console.log(`property: ${RUNS} mutated inputs over ${files.length} corpus files; ${edited} rewritten (all parse), ${unparseable} reported unparseable (none changed)`);
  }, 300_000);
});

