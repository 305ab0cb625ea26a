/**
 * The shipped examples are what a new user runs first (`npx eks-migrate --dry-run examples/`): running
 * eks-migrate on a copy must give exactly test/examples-expected/, and a second run nothing more.
 */
import * as fs from 'fs';
import * as path from 'path';
import { allFiles } from './helpers/corpus';
import { runOn, tempDir } from './helpers/fixtures';

const EXAMPLES = path.join(__dirname, '..', 'examples');
const EXPECTED = path.join(__dirname, 'examples-expected');

test('eks-migrate on examples/ gives test/examples-expected/ byte for byte, then nothing more', async () => {
  const dir = tempDir('eksm-examples-');
  try {
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    const first = await runOn(dir, undefined);
    expect(first.diagnostics).toEqual([]);
    expect(allFiles(dir)).toEqual(allFiles(EXPECTED));
    for (const f of allFiles(EXPECTED)) {
      expect(`${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).toBe(`${f}:\n${fs.readFileSync(path.join(EXPECTED, f), 'utf8')}`);
    }
    const second = await runOn(dir, undefined);
    expect(second.written).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--target 1.36 on examples/: edits from the rules of at least five Kubernetes versions, then nothing more', async () => {
  const dir = tempDir('eksm-examples-136-');
  try {
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    const options = { target: '1.36', seccompDefault: true, today: '2026-11-30' };
    const first = await runOn(dir, undefined, { options });
    expect(first.diagnostics).toEqual([]);
    // the version each edit is due to: a rule's own, or the row's (removed flags and gates name theirs)
    const versions = new Set<string>();
    for (const f of first.results.flatMap((r) => r.findings).filter((x) => x.severity === 'fix')) {
      const named = /\b(?:kubelet|Kubernetes|gate \w+ .*?removed in|removed in) (1\.\d+)/.exec(f.message)?.[1] ?? /in (1\.\d+)\b/.exec(f.message)?.[1];
      versions.add(named ?? first.rules.find((r) => r.meta.id === f.ruleId)!.meta.version);
    }
    console.log(`--target 1.36 on examples/: edits due to ${[...versions].sort().join(", ")}`);
    expect([...versions].sort().length).toBeGreaterThanOrEqual(5);
    const second = await runOn(dir, undefined, { options });
    expect(second.written).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--target 1.33 on examples/al2023: AL2023 groups beside the AL2 ones, custom AMI in place, eksctl, Karpenter (test/examples-expected-1.33/), then nothing more', async () => {
  const dir = tempDir('eksm-examples-al2023-');
  const expected = path.join(__dirname, 'examples-expected-1.33');
  try {
    fs.cpSync(path.join(EXAMPLES, 'al2023'), path.join(dir, 'al2023'), { recursive: true });
    const options = { target: '1.33', seccompDefault: true, today: '2026-11-30' };
    const first = await runOn(dir, undefined, { options });
    expect(first.diagnostics).toEqual([]);
    expect(allFiles(dir)).toEqual(allFiles(expected));
    for (const f of allFiles(expected)) {
      expect(`${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).toBe(`${f}:\n${fs.readFileSync(path.join(expected, f), 'utf8')}`);
    }
    const manual = first.results.flatMap((r) => r.findings).filter((f) => f.severity === 'manual').map((f) => f.messageId);
    expect(manual).toEqual(expect.arrayContaining(['drainOld', 'eksctlDrain', 'heldForAl2']));
    const second = await runOn(dir, undefined, { options });
    expect(second.written).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
