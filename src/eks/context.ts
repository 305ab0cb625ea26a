/**
 * What EKS rules see beyond the engine's context: the run's options, the cluster version in force at a place of the
 * file, and the file's Terraform folder. `eksHost` gives the engine these services and eksctl's schema check.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import type { EngineHost } from '../engine/process';
import type { RuleContext as EngineContext, RuleModule as EngineRule } from '../engine/rule';
import type { Range, RuleMeta } from '../engine/types';
import { rangeMapper } from '../util/compose';
import type { ClusterVersions, ResolvedVersion, TerraformFolder } from './cluster-version';
import { schemaErrors } from './eksctl';
import { versionsAt } from './estate';
import { namedVersion } from './version-surface';
import { compareVersions } from './versions';
import { nodeClassErrors } from './karpenter';

/** Options every rule can read. */
export interface RunOptions {
  /** Kubernetes minor version the upgrade goes to, "1.27". */
  readonly target: string;
  /** Turn kubelet seccomp defaulting on where the rules set kubelet config. */
  readonly seccompDefault: boolean;
  /** "Today", for the support calendar (injectable for tests). Read through supportStatus only: the cache keys on calendarEpoch. */
  readonly today: string;
  /** Pinned add-on versions: leave them (off), move what the target needs (compatible, the default), or move every older pin (latest-known). */
  readonly addons?: 'off' | 'compatible' | 'latest-known';
  /** Move objects off API versions deprecated at the target whose replacement it serves (default true). */
  readonly earlyApiMoves?: boolean;
  /** AL2 managed node groups on EKS AMIs: a new AL2023 group beside each (blue-green, the default) or switched in place. */
  readonly al2023?: 'blue-green' | 'in-place';
}

export interface RuleContext extends EngineContext {
  readonly options: RunOptions;
  /** The cluster version in force at `offset` of this file (see cluster-version.ts). */
  versionAt(offset: number): Promise<ResolvedVersion>;
  readonly versions: ClusterVersions;
  /** This file's Terraform folder (a Terraform file is read from the tree already parsed, not parsed again). */
  folder(): Promise<TerraformFolder>;
  /**
   * Where a range of this file as the configuration graph read it (the file as it is on disk) is in the text the
   * rule sees (a later pass sees it edited), or undefined when an edit of this run touched it.
   */
  graphRange(range: Range): Promise<Range | undefined>;
}

/** An EKS rule: the engine's contract with the EKS context. */
export type RuleModule = EngineRule<RuleContext>;

/** eksctl schema errors and Karpenter EC2NodeClass schema errors a rewrite adds (a rewrite that adds one is refused). */
export function outputSchemaCheck(before: readonly Document.Parsed[], after: readonly Document.Parsed[]): string | undefined {
  for (const [what, errors] of [['eksctl', schemaErrors], ['Karpenter EC2NodeClass', nodeClassErrors]] as const) {
    const was = errors(before);
    const added = [...errors(after)].filter((e) => !was.has(e));
    if (added.length) return `the result adds ${what} schema errors: ${added.slice(0, 3).join('; ')}`;
  }
  return undefined;
}

export function eksHost(options: RunOptions, versions: ClusterVersions, knownRules: ReadonlySet<string>): EngineHost<RuleContext> {
  return {
    knownRules,
    checkOutput: outputSchemaCheck,
    context(base) {
      const { file } = base;
      // a Terraform file's folder is read with this file's tree, not by parsing the file again
      const current = file.kind === 'hcl' && file.hcl ? { file: file.absPath, text: file.text, root: file.hcl } : undefined;
      const folder = () => versions.folder(path.dirname(file.absPath), current);
      let mapper: ((r: Range) => Range | undefined) | undefined;
      const graphRange = async (r: Range) => {
        if (!mapper) {
          const seen = (await versions.estate()).graph.project.text(file.absPath);
          mapper = seen === null ? () => undefined : rangeMapper(seen, file.text);
        }
        return mapper(r);
      };
      return {
        ...base, options, versions, folder, graphRange,
        versionAt: async (offset) => {
          // the configuration graph first: the clusters that read this place, wherever their version is written
          const here = versionsAt(await versions.estate(), file.absPath, file.kind === 'hcl' ? offset : undefined);
          if (here && !here.unknown && here.values.length) {
            const oldest = [...here.values].sort((a, b) => compareVersions(a, b) ?? 0)[0];
            return { value: oldest, sites: here.sites.map((s) => ({ file: s.file, range: s.range, value: oldest, via: 'the configuration graph' })) };
          }
          if (file.kind !== 'hcl') return versions.forText(file.absPath);
          const own = (await folder()).versionAt(file.absPath, offset);
          // a module folder takes the version of the root that calls it
          const fromCaller = own.value === undefined && own.sites.length === 0 ? await versions.callerVersion(path.dirname(file.absPath)) : undefined;
          if (fromCaller || own.value !== undefined) return fromCaller ?? own;
          // a .tfvars or Terragrunt file no root of the paths reads: the one version it writes under a version name
          const named = namedVersion(file.text);
          return named ? { value: named, sites: [] } : own;
        },
      };
    },
  };
}

/** The meta a rule file gives a rule factory: the factory adds its own messages (the rule's win on a clash). */
export type FactoryMeta = Omit<RuleMeta, 'messages'> & { readonly messages?: Readonly<Record<string, string>> };

export const withMessages = (meta: FactoryMeta, messages: Readonly<Record<string, string>>): RuleMeta => ({ ...meta, messages: { ...messages, ...(meta.messages ?? {}) } });

/** The row of a data table that `key` names (a missing row is a bug in a rule file). */
export function rowOf<T>(rows: readonly T[], field: keyof T, key: string, table: string): T {
  const r = rows.find((x) => x[field] === key);
  if (!r) throw new Error(`no row for ${key} in data/${table}`);
  return r;
}
