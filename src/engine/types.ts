/**
 * Shared types of the engine. Rules emit data (findings carrying text edits); the engine splices edits into the
 * original text. Every offset is a JS string (UTF-16) index into the file's text.
 */

import type { Edit, Position, Range } from '../util/range';

export type { Edit, Position, Range };

/**
 * How a finding is meant:
 * - `fix`: the rule changes the file (the finding carries edits);
 * - `manual`: a person must act (eks-migrate cannot fix it safely); makes the run exit 3;
 * - `warning`: worth reading, nothing to do for the upgrade to work;
 * - `info`: context.
 */
export type Severity = 'fix' | 'manual' | 'warning' | 'info';

export interface RuleMeta {
  /** Stable id used by `--rules` and in reports. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The Kubernetes minor version whose upgrade makes this rule necessary ("1.27"): the first, when there are several. */
  readonly version: string;
  /** Every version a rule of several rows acts on ("1.31", "1.34", "1.35"), for listings. */
  readonly versions?: readonly string[];
  readonly fixable: boolean;
  /**
   * An ISO date from which the rule also runs below its version, at any target (what it covers has reached an end
   * whatever the cluster runs): the rule sees the target and decides what it does there.
   */
  readonly activeSince?: string;
  /** Where the rule's documentation lives (its README in this repository). */
  readonly docs: string;
  /**
   * Cheap pre-check (Renovate's getCheckList): a file is parsed for this rule only when its text contains one of
   * these strings; per kind of file where they differ. Keep them literal and specific: a YAML file that no rule
   * wants is not parsed, so a Helm template is not reported as broken YAML.
   */
  readonly triggers: readonly string[] | Readonly<Partial<Record<FileKind, readonly string[]>>>;
  /** Kinds of file the rule looks at. */
  readonly kinds: readonly FileKind[];
  /**
   * Message templates by id (ESLint's meta.messages): a report names one with `messageId` and fills its
   * `{{placeholders}}` from `data`.
   */
  readonly messages?: Readonly<Record<string, string>>;
  /**
   * Rules whose edits go first where two rules' edits overlap (the other runs again on the result). Rules that
   * name no order between them are ordered by id.
   */
  readonly runsAfter?: readonly string[];
}

/** hcl: .tf/.tfvars/.hcl; tfjson: .tf.json; json: other JSON (Kubernetes manifests); yaml; text: scripts and the rest. */
export type FileKind = 'hcl' | 'tfjson' | 'json' | 'yaml' | 'text';

export interface Finding {
  readonly ruleId: string;
  /** The id of the message in the rule's meta.messages, when the rule reported by id. */
  readonly messageId?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly range: Range;
  readonly start: Position;
  readonly edits?: readonly Edit[];
  /** Silenced by an `eks-migrate-ignore` comment: reported as skipped, its edits not applied. */
  readonly suppressed?: { readonly reason?: string };
}

/** A problem with a file itself: it could not be read or parsed, or a rewrite was refused. */
export interface Diagnostic {
  readonly file: string;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly start?: Position;
}

export type DiagnosticCode =
  | 'parse-error' // the input does not parse; nothing was changed in it
  | 'unreadable' // could not be read (permissions, broken symlink, not a file)
  | 'not-text' // binary or not valid UTF-8
  | 'too-large'
  | 'rewrite-refused' // the rewrite did not re-parse or added a schema error; the file was left as it was
  | 'write-failed'
  | 'dirty' // in place: the file has uncommitted changes and --allow-dirty was not given
  | 'not-converged' // rules kept editing after the last pass
  | 'internal' // a bug in eks-migrate while processing this file
  | 'encrypted' // git-crypt or ansible-vault ciphertext: skipped, a note and not an error
  | 'template'; // not YAML but a template (Helm `{{ … }}`): looked at as text only (a note, not an error)
