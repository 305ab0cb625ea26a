/**
 * The shared corpus (real third-party configs, never copied into this repository) and its MANIFEST.tsv. Tests run
 * on a copy in a temporary folder. EKS_MIGRATE_CORPUS points elsewhere; without a corpus the tests say so and skip.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { hclReferenceError } from '../../src/parsers/hcl';

export const CORPUS = process.env.EKS_MIGRATE_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
export const HAVE_CORPUS = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

/** CI runs beside ../shared: there, a suite that needs it fails when it is missing instead of skipping. */
export const MUST_HAVE_SHARED = /^(true|1)$/i.test(process.env.CI ?? '');

/**
 * `describe` when `have`, else a skipped suite; under CI=true a missing `what` fails the suite (one failing test
 * names it) rather than skipping it.
 */
export function describeIf(have: boolean, what: string): (name: string, fn: () => void) => void {
  if (have) return describe;
  if (MUST_HAVE_SHARED) return (name) => describe(name, () => test(`${what} is there (CI=true)`, () => {
    throw new Error(`${what} is missing: CI runs beside ../shared, and this suite needs it`);
  }));
  return describe.skip;
}

/** The same for one test. */
export function testIf(have: boolean, what: string): (name: string, fn: () => Promise<void>, timeout?: number) => void {
  if (have) return test;
  if (MUST_HAVE_SHARED) return (name) => test(name, () => {
    throw new Error(`${what} is missing: CI runs beside ../shared, and this test needs it`);
  });
  return test.skip;
}

export interface ManifestRow {
  path: string;
  kind: string;
  expect: string;
  info: string;
}

export function manifest(): ManifestRow[] {
  const lines = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((l) => {
    const [p, , , , kind, expect] = l.split('\t');
    const [what, info = ''] = expect.split(' | info: ');
    return { path: p, kind, expect: what, info };
  });
}

export function allFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...allFiles(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** Copies the corpus to a writable temporary folder. */
export function copyCorpus(to: string): void {
  fs.cpSync(CORPUS, to, { recursive: true });
  for (const f of allFiles(to)) fs.chmodSync(path.join(to, f), 0o644);
}

/** Why a rewritten file does not parse with the reference parsers (hcl2json, yaml, bash -n), or undefined. */
export async function parseProblem(file: string): Promise<string | undefined> {
  const text = fs.readFileSync(file, 'utf8');
  if (/\.(tf|tfvars|hcl)$/.test(file)) return (await hclReferenceError(file, text))?.message;
  if (/\.ya?ml$/.test(file)) {
    for (const d of parseAllDocuments(text)) if (d.errors.length) return d.errors[0].message;
    return undefined;
  }
  if (/\.json$/.test(file)) {
    try {
      JSON.parse(text);
      return undefined;
    } catch (e) {
      return String(e);
    }
  }
  if (/\.(sh|bash)$/.test(file)) {
    try {
      execFileSync('bash', ['-n', file], { stdio: 'pipe' });
      return undefined;
    } catch (e) {
      return String((e as { stderr?: Buffer }).stderr ?? e);
    }
  }
  return undefined;
}

/**
 * True when every changed line of `after` comes from a line of `before` by deleting one stretch that holds `what`,
 * or by deleting whole lines that hold it: the rewrite touched nothing else.
 */
export function onlyDeletes(before: string, after: string, what: RegExp): string | undefined {
  const { diffLines } = require('diff') as typeof import('diff');
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.added) return `added lines without a removed counterpart: ${JSON.stringify(p.value)}`;
    if (!p.removed) continue;
    const removed = p.value.split(/(?<=\n)/);
    const next = parts[i + 1];
    const added = next?.added ? next.value.split(/(?<=\n)/) : [];
    if (next?.added) i++;
    let k = 0;
    for (const r of removed) {
      const a = added[k];
      if (a !== undefined && isOneDeletion(r, a, what)) {
        k++;
        continue;
      }
      if (!what.test(r) && !/^[ \t]*\\?\r?\n?$/.test(r) && !/^\s*(kubeletExtraConfig|bootstrap_env\s*=\s*\{|\})\s*:?\s*\r?\n?$/.test(r)) return `removed a line that does not hold the flag: ${JSON.stringify(r)}`;
    }
    if (k !== added.length) return `changed lines not explained by a deletion: ${JSON.stringify(added.slice(k))}`;
  }
  return undefined;
}

function isOneDeletion(r: string, a: string, what: RegExp): boolean {
  if (a.length >= r.length) return false;
  let i = 0;
  while (i < a.length && a[i] === r[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === r[r.length - 1 - j]) j++;
  if (i + j < a.length) return false; // more than one stretch differs
  // the stretch may slide where characters repeat, so judge the lines: the flag was there and is gone, or the
  // stretch is a line continuation left behind by a deleted last line
  return (what.test(r) && !what.test(a)) || /^[ \t]*\\$/.test(r.slice(i, r.length - j).replace(/\r?\n$/, ''));
}
