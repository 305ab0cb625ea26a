/**
 * `.eks-migrate.yaml`, found from the working folder upward to the repository's root. Unknown keys and bad values are rejected with the file,
 * line and column, and the accepted choices. Command-line flags override what it says.
 *
 *   target: next              # where the upgrade goes: next (each cluster one minor up), latest, or "1.34"
 *   include: [infra, clusters] # what to scan when no path is given on the command line
 *   ignore: ["vendor/**"]      # globs to skip, added to --ignore
 *   rules:                     # rules on or off (all whose version the upgrade crosses are on by default)
 *     kubelet-seccomp-default: off
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YNode } from 'yaml';
import { minorOf } from './eks/versions';

export const CONFIG_NAMES = ['.eks-migrate.yaml', '.eks-migrate.yml'];

export interface Config {
  readonly file: string;
  readonly target?: string;
  readonly include?: readonly string[];
  readonly ignore?: readonly string[];
  /** Rule id → on (true) or off (false). */
  readonly rules?: Readonly<Record<string, boolean>>;
}

/** A mistake in the config file: exit 1 with the message. */
export class ConfigError extends Error {}

/**
 * The config file for a run in `cwd`: the first `.eks-migrate.yaml` from `cwd` upward, up to the repository's root
 * (the folder holding `.git`) and no further; outside a repository, only `cwd` itself. A config in a folder above
 * the repository (a shared temporary folder, a parent another user can write) must not steer or hide the runs of
 * every clone below it.
 */
export function findConfig(cwd: string): string | undefined {
  const start = path.resolve(cwd);
  // outside any repository only the run's own folder counts (a parent such as /tmp may be anyone's)
  let inRepo = false;
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) inRepo = true;
    if (inRepo || path.dirname(d) === d) break;
  }
  for (let d = start; ; d = path.dirname(d)) {
    for (const n of CONFIG_NAMES) {
      const p = path.join(d, n);
      if (fs.existsSync(p)) return p;
    }
    if (!inRepo || fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return undefined;
  }
}

const KEYS = ['target', 'include', 'ignore', 'rules'];

/** A config file is settings, not data: larger ones are refused before they are read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
export const MAX_CONFIG_ENTRIES = 10_000;

export function loadConfig(file: string, ruleIds: readonly string[], display = file): Config {
  const size = fs.statSync(file).size;
  if (size > MAX_CONFIG_BYTES) throw new ConfigError(`${display}: ${(size / 1024 / 1024).toFixed(1)} MiB is more than a config file may hold (1 MiB)`);
  const text = fs.readFileSync(file, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (n: unknown) => {
    const r = (n as { range?: [number, number] } | null)?.range;
    if (!r) return display;
    const p = lc.linePos(r[0]);
    return `${display}:${p.line}:${p.col}`;
  };
  if (doc.errors.length) {
    const p = lc.linePos(doc.errors[0].pos[0]);
    throw new ConfigError(`${display}:${p.line}:${p.col}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (root === null || root === undefined) return { file };
  if (!isMap(root)) throw new ConfigError(`${at(root)}: expected a map of settings (${KEYS.join(', ')})`);
  const out: { file: string; target?: string; include?: string[]; ignore?: string[]; rules?: Record<string, boolean> } = { file };
  const strings = (n: YNode | null, key: string): string[] => {
    if (isScalar(n) && typeof n.value === 'string') return [n.value];
    if (isSeq(n) && n.items.every((i) => isScalar(i) && typeof i.value === 'string')) return n.items.map((i) => String((i as { value: unknown }).value));
    throw new ConfigError(`${at(n)}: ${key} must be a path or glob, or a list of them`);
  };
  for (const p of root.items) {
    const key = isScalar(p.key) ? String(p.key.value) : '';
    const v = p.value as YNode | null;
    switch (key) {
      case 'target': {
        const raw = isScalar(v) ? (typeof v.value === 'number' ? text.slice(v.range![0], v.range![1]).trim() : String(v.value)) : '';
        if (raw === 'next' || raw === 'latest') {
          out.target = raw;
          break;
        }
        if (minorOf(raw) === undefined) throw new ConfigError(`${at(v)}: target must be next, latest or a Kubernetes minor version such as "1.34" (got ${JSON.stringify(raw || null)})`);
        out.target = raw.replace(/^v/, '');
        break;
      }
      case 'include':
      case 'ignore':
        out[key] = strings(v, key);
        if (out[key]!.length > MAX_CONFIG_ENTRIES) throw new ConfigError(`${at(v)}: ${out[key]!.length} ${key} entries is more than a config file may hold (${MAX_CONFIG_ENTRIES})`);
        break;
      case 'rules': {
        if (!isMap(v)) throw new ConfigError(`${at(v)}: rules must be a map of rule ids to on or off`);
        const rules: Record<string, boolean> = {};
        for (const rp of v.items) {
          const id = isScalar(rp.key) ? String(rp.key.value) : '';
          if (!ruleIds.includes(id)) throw new ConfigError(`${at(rp.key)}: unknown rule "${id}" (accepted: ${ruleIds.join(', ')})`);
          const val = isScalar(rp.value) ? rp.value.value : undefined;
          const on = val === true || val === 'on' ? true : val === false || val === 'off' ? false : undefined;
          if (on === undefined) throw new ConfigError(`${at(rp.value)}: rules.${id} must be on or off (got ${JSON.stringify(val ?? null)})`);
          rules[id] = on;
        }
        out.rules = rules;
        break;
      }
      default:
        throw new ConfigError(`${at(p.key)}: unknown key "${key}" (accepted: ${KEYS.join(', ')})`);
    }
  }
  return out;
}
