/**
 * The rule contract (ESLint's): `meta` + `create(ctx)`; a rule reports findings through `ctx.report`, a fix is data.
 * The engine's context holds the file and the report function; a domain adds its own services to it (see
 * EngineHost in process.ts), and its rules are typed with that wider context.
 */
import type { Document } from 'yaml';
import type { HclNode } from '../parsers/hcl';
import type { LineIndex } from '../util/text';
import type { Edit, FileKind, Range, RuleMeta, Severity } from './types';

/** A file as rules see it. */
export interface SourceFile {
  /** Path as the user reads it (relative to the working folder). */
  readonly path: string;
  readonly absPath: string;
  readonly text: string;
  readonly kind: FileKind;
  readonly lines: LineIndex;
  /** HCL: the tree-sitter root (valid during the rule's run only). */
  readonly hcl?: HclNode;
  /** YAML, JSON and .tf.json: every document of the stream. */
  readonly yaml?: readonly Document.Parsed[];
  /** A YAML file that is a template (Helm `{{ … }}`) and does not parse: rules see it as text (kind 'text'). */
  readonly template?: boolean;
}

/** Values for a message's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Report {
  readonly range: Range;
  /** The message as text, or … */
  readonly message?: string;
  /** … the id of one in the rule's meta.messages, filled from `data`. */
  readonly messageId?: string;
  readonly data?: MessageData;
  /** Defaults to 'fix' when `fix` is given, else 'manual'. */
  readonly severity?: Severity;
  readonly fix?: Edit | readonly Edit[];
}

export interface RuleContext {
  readonly file: SourceFile;
  report(r: Report): void;
  /** Ids of the rules this run uses (a rule can leave advice to another that will give it). */
  readonly activeRules: ReadonlySet<string>;
}

export interface RuleHandlers {
  hcl?(root: HclNode): void | Promise<void>;
  yaml?(docs: readonly Document.Parsed[]): void | Promise<void>;
  tfjson?(docs: readonly Document.Parsed[]): void | Promise<void>;
  json?(docs: readonly Document.Parsed[]): void | Promise<void>;
  text?(): void | Promise<void>;
}

export interface RuleModule<C extends RuleContext = RuleContext> {
  readonly meta: RuleMeta;
  create(ctx: C): RuleHandlers;
}

/** A message template filled from data: `{{ name }}` → data.name. A placeholder without a value is an error. */
export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, k: string) => {
    if (!(k in data)) throw new Error(`message placeholder {{${k}}} has no value`);
    return String(data[k]);
  });
}

/** The text of a report: its message, or its messageId's template filled from its data. */
export function messageOf(meta: RuleMeta, r: Report): string {
  if (r.messageId === undefined) {
    if (r.message === undefined) throw new Error(`rule ${meta.id} reported neither a message nor a messageId`);
    return r.message;
  }
  const t = meta.messages?.[r.messageId];
  if (t === undefined) throw new Error(`rule ${meta.id} has no message "${r.messageId}" in meta.messages`);
  return formatMessage(t, r.data);
}

/**
 * The order in which rules' edits win where they overlap: every rule after the rules its meta.runsAfter names
 * (that this list holds), otherwise by id. A cycle is a bug in the rules' meta.
 */
export function orderRules<R extends RuleModule<never>>(rules: readonly R[]): R[] {
  const ids = new Set(rules.map((r) => r.meta.id));
  const waiting = new Map(rules.map((r) => [r.meta.id, new Set((r.meta.runsAfter ?? []).filter((d) => ids.has(d) && d !== r.meta.id))]));
  const out: R[] = [];
  const left = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  while (left.length) {
    const k = left.findIndex((r) => waiting.get(r.meta.id)!.size === 0);
    if (k < 0) throw new Error(`rules wait on each other (meta.runsAfter): ${left.map((r) => r.meta.id).join(', ')}`);
    const [r] = left.splice(k, 1);
    out.push(r);
    for (const w of waiting.values()) w.delete(r.meta.id);
  }
  return out;
}
