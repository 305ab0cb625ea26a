/**
 * A cluster version written as a shell default that feeds a templated eksctl config: `K8S_VERSION=${K8S_VERSION:-1.33}`
 * in a script, `version: "${K8S_VERSION}"` in the ClusterConfig it renders (envsubst, a heredoc). The literal in
 * the script is where the version is written.
 */
import * as path from 'path';
import type { Range } from '../util/range';
import type { Estate } from './estate';

export interface ShellDefault {
  readonly name: string;
  /** The version's text in the script. */
  readonly range: Range;
  readonly value: string;
}

/** `NAME=${NAME:-1.33}`, `NAME="${NAME:-1.33}"`, `NAME=1.33`, `: "${NAME:=1.33}"` (export optional). */
export function shellVersionDefaults(text: string): ShellDefault[] {
  const out: ShellDefault[] = [];
  const re = /^[ \t]*(?:export[ \t]+|readonly[ \t]+|declare[ \t]+(?:-\w+[ \t]+)?)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)(?:\$\{\1:?-(["']?)(1\.\d+)\3\}|(1\.\d+))\2[ \t]*(?:#.*)?$|^[ \t]*:[ \t]+(["']?)\$\{([A-Za-z_][A-Za-z0-9_]*):?=(1\.\d+)\}\6[ \t]*$/gm;
  for (const m of text.matchAll(re)) {
    const name = m[1] ?? m[7];
    const value = m[4] ?? m[5] ?? m[8];
    if (!name || !value) continue;
    const at = (m.index ?? 0) + m[0].lastIndexOf(value);
    out.push({ name, range: [at, at + value.length], value });
  }
  return out;
}

/** `version: "${NAME}"` (or `$NAME`) in the metadata of a ClusterConfig text. */
const versionFrom = (text: string, name: string): boolean =>
  /\bkind:\s*["']?ClusterConfig\b/.test(text) && new RegExp(`^[ \\t]+version:[ \\t]*["']?\\$\\{?${name}\\}?["']?[ \\t]*(#.*)?$`, 'm').test(text);

/**
 * The eksctl config a shell variable sets the version of: the script itself (a heredoc) or a file of its folder
 * that the script names. Says whether that config asks for AL2 nodes.
 */
export function eksctlTemplateOf(estate: Estate, script: string, text: string, name: string): { file: string; al2: boolean } | undefined {
  const look = (file: string, t: string) => (versionFrom(t, name) ? { file, al2: /^\s*amiFamily:\s*["']?AmazonLinux2["']?\s*$/m.test(t) } : undefined);
  const own = look(script, text);
  if (own) return own;
  const dir = path.dirname(script);
  const project = estate.graph.project;
  for (const n of project.reader.list(dir)) {
    if (!text.includes(n) || n === path.basename(script)) continue;
    const f = path.join(dir, n);
    const t = project.text(f);
    const hit = t && look(f, t);
    if (hit) return hit;
  }
  return undefined;
}
