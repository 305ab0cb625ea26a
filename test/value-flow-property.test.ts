/**
 * Property (issue 20): for generated roots whose cluster version is routed through a random chain of locals, local
 * maps, variables, .tfvars files (per environment or auto-loaded) and local module calls, the upgrade edits the one
 * literal the version is written at and nothing else; a look-alike literal that no cluster reads stays; and the
 * configuration graph names that literal as the version's provenance.
 */
import * as path from 'path';
import fc from 'fast-check';
import { ClusterVersions, memoryReader } from '../src/eks/cluster-version';
import { eksHost } from '../src/eks/context';
import { processFile } from '../src/engine/process';
import { kindOf } from '../src/files/discover';
import { KNOWN_RULES } from '../src/run';
import { RULES } from '../transforms';

const ROOT = path.join(path.sep, 'eksm-value-flow-property');
const RUNS = Number(process.env.EKS_MIGRATE_PROPERTY_RUNS ?? 150);
const OPTIONS = { target: '1.34', seccompDefault: true, today: '2026-12-06' };

type Hop = 'local' | 'map' | 'var';
/** Where the literal is written at the top: a variable default, terraform.tfvars, an environment's .tfvars, a local. */
type Source = 'default' | 'tfvars' | 'envfile' | 'local';

interface Shape {
  /** Hops inside each module level, from the module's input toward the use. */
  levels: Hop[][];
  source: Source;
  crlf: boolean;
}

const shape = fc.record({
  levels: fc.array(fc.array(fc.constantFrom<Hop>('local', 'map', 'var'), { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  source: fc.constantFrom<Source>('default', 'tfvars', 'envfile', 'local'),
  crlf: fc.boolean(),
});

/** The files of a generated root, and the file and line where the version literal is written. */
function build(s: Shape): { files: Map<string, string>; literal: { file: string; line: string } } {
  const files = new Map<string, string>();
  let n = 0;
  const name = (p: string) => `${p}_${++n}`;
  let literal = { file: '', line: '' };
  // level k lives in m1/m2/…/mk; level 0 is the root
  const dirOf = (k: number) => path.join(ROOT, ...Array.from({ length: k }, (_, i) => `m${i + 1}`));
  const add = (dir: string, f: string, text: string) => {
    const p = path.join(dir, f);
    files.set(p, (files.get(p) ?? '') + text);
  };
  // from the root down: the expression each level hands to the next
  let incoming: string;
  const root = dirOf(0);
  const decoy = name('release_train');
  add(root, 'decoy.tf', `locals {\n  ${decoy} = "1.33"\n}\n`);
  switch (s.source) {
    case 'local': {
      const l = name('minor');
      add(root, 'main.tf', `locals {\n  ${l} = "1.33" # Kubernetes-Version ✓\n}\n`);
      literal = { file: path.join(root, 'main.tf'), line: `  ${l} = "1.34" # Kubernetes-Version ✓` };
      incoming = `local.${l}`;
      break;
    }
    default: {
      const v = name('k8s');
      add(root, 'variables.tf', `variable "${v}" {\n  type = string${s.source === 'default' ? '\n  default = "1.33"' : ''}\n}\n`);
      if (s.source === 'default') literal = { file: path.join(root, 'variables.tf'), line: '  default = "1.34"' };
      if (s.source === 'tfvars') {
        add(root, 'terraform.tfvars', `${v} = "1.33"\n`);
        literal = { file: path.join(root, 'terraform.tfvars'), line: `${v} = "1.34"` };
      }
      if (s.source === 'envfile') {
        add(path.join(root, 'env'), 'prod.tfvars', `${v} = "1.33"\n`);
        add(path.join(root, 'env'), 'dev.tfvars', `${v} = "1.34"\n`);
        literal = { file: path.join(root, 'env', 'prod.tfvars'), line: `${v} = "1.34"` };
      }
      incoming = `var.${v}`;
    }
  }
  for (let k = 0; k < s.levels.length; k++) {
    const dir = dirOf(k);
    let cur = incoming;
    for (const hop of s.levels[k]) {
      if (hop === 'local') {
        const l = name('l');
        add(dir, 'locals.tf', `locals {\n  ${l} = ${cur}\n}\n`);
        cur = `local.${l}`;
      } else if (hop === 'map') {
        const l = name('byrole');
        add(dir, 'locals.tf', `locals {\n  ${l} = {\n    cluster = ${cur}\n    other   = "x"\n  }\n}\n`);
        cur = `local.${l}["cluster"]`;
      } else {
        // through a local module of its own level is the next level; here, a module output round trip is not
        // generated: a variable hop is an object variable passed down
        const l = name('obj');
        add(dir, 'locals.tf', `locals {\n  ${l} = { v = ${cur} }\n}\n`);
        cur = `local.${l}.v`;
      }
    }
    if (k === s.levels.length - 1) {
      add(dir, 'main.tf', `resource "aws_eks_cluster" "c" {\n  name     = "c"\n  version  = ${cur}\n  role_arn = "arn:aws:iam::123456789012:role/eks"\n\n  vpc_config {\n    subnet_ids = ["subnet-1"]\n  }\n}\n`);
    } else {
      const input = name('input');
      add(dir, 'main.tf', `module "m${k + 1}" {\n  source = "./m${k + 1}"\n  ${input} = ${cur}\n}\n`);
      add(dirOf(k + 1), 'variables.tf', `variable "${input}" {\n  type = string\n}\n`);
      incoming = `var.${input}`;
    }
  }
  if (s.crlf) for (const [f, t] of files) files.set(f, t.replace(/\n/g, '\r\n'));
  return { files, literal };
}

test(`${RUNS} generated roots: the version moves at its literal and nowhere else`, async () => {
  await fc.assert(
    fc.asyncProperty(shape, async (s) => {
      const { files, literal } = build(s);
      const versions = new ClusterVersions(memoryReader(files));
      const host = eksHost(OPTIONS, versions, KNOWN_RULES);
      const changed: string[] = [];
      for (const [abs, text] of files) {
        const rel = path.relative(ROOT, abs);
        const r = await processFile({ path: rel, absPath: abs, text, kind: kindOf(rel) }, RULES.filter((x) => x.meta.id === 'cluster-version'), host);
        expect(r.diagnostics.filter((d) => d.code !== 'template')).toEqual([]);
        if (r.output === r.original) continue;
        changed.push(abs);
        const before = r.original.split(/\r?\n/);
        const after = r.output.split(/\r?\n/);
        const diff = after.filter((l, i) => l !== before[i]);
        expect(diff).toEqual([literal.line]);
        expect(r.output.includes('\r\n')).toBe(s.crlf);
      }
      expect(changed).toEqual([literal.file]);
      // the graph names it
      const estate = await versions.estate();
      const clusters = estate.graph.roots().flatMap((r) => estate.clustersOfRoot(r));
      const sites = clusters.flatMap((c) => c.version.map((a) => (a.val.kind === 'string' ? a.val.site?.file : undefined)));
      expect(sites).toContain(literal.file);
    }),
    { numRuns: RUNS, seed: Number(process.env.EKS_MIGRATE_PROPERTY_SEED ?? 20261206) },
  );
});
