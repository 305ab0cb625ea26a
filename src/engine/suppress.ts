/**
 * Inline suppressions: a comment `eks-migrate-ignore RULE-ID: reason` (HCL `#` or `//`, YAML and shell `#`) on the
 * line before a finding, or at the end of its line, silences that rule there. Several ids may be given, separated by
 * commas; `all` silences every rule.
 */
import { LineIndex } from '../util/text';

export const SUPPRESS_MARK = 'eks-migrate-ignore';

export interface Suppression {
  /** 1-based line of the comment. */
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason?: string;
  /** Offsets of the comment, for reports. */
  readonly range: readonly [number, number];
}

const RE = /(?:#|\/\/)[ \t]*eks-migrate-ignore[ \t]+([\w-]+(?:[ \t]*,[ \t]*[\w-]+)*)[ \t]*(?::[ \t]*([^\r\n]*))?/g;

export function findSuppressions(text: string): Suppression[] {
  if (!text.includes(SUPPRESS_MARK)) return [];
  const lines = new LineIndex(text);
  const out: Suppression[] = [];
  for (const m of text.matchAll(RE)) {
    const at = m.index ?? 0;
    out.push({
      line: lines.position(at).line,
      rules: m[1].split(',').map((s) => s.trim()),
      reason: m[2]?.trim() || undefined,
      range: [at, at + m[0].length],
    });
  }
  return out;
}

/** The suppression that silences `ruleId` for a finding that starts on `line`, if any. */
export function suppressionFor(list: readonly Suppression[], ruleId: string, line: number): Suppression | undefined {
  return list.find((s) => (s.line === line - 1 || s.line === line) && (s.rules.includes(ruleId) || s.rules.includes('all')));
}
