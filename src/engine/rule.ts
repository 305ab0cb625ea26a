/**
 * The rule contract (ESLint's): `meta` + `create(ctx)`; a rule reports findings through `ctx.report`, a fix is data.
 */
import type { Document } from 'yaml';
import type { ClusterVersions, ResolvedVersion, TerraformFolder } from '../eks/cluster-version';
import type { HclNode } from '../parsers/hcl';
import type { LineIndex } from '../util/text';
import type { Edit, FileKind, Range, RuleMeta, RunOptions, Severity } from './types';

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

export interface Report {
  readonly range: Range;
  readonly message: string;
  /** Defaults to 'fix' when `fix` is given, else 'manual'. */
  readonly severity?: Severity;
  readonly fix?: Edit | readonly Edit[];
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly options: RunOptions;
  report(r: Report): void;
  /** The cluster version in force at `offset` of this file (see eks/cluster-version.ts). */
  versionAt(offset: number): Promise<ResolvedVersion>;
  readonly versions: ClusterVersions;
  /** This file's Terraform folder (a Terraform file is read from the tree already parsed, not parsed again). */
  folder(): Promise<TerraformFolder>;
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

export interface RuleModule {
  readonly meta: RuleMeta;
  create(ctx: RuleContext): RuleHandlers;
}
