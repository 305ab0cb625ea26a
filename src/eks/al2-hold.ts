/**
 * The version hold: AL2 node groups keep a cluster at 1.32 (no EKS AL2 AMI after it). Read by the version rules.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { eksctlAl2Nodes, hclAl2Nodes, LAST_AL2_MINOR, type Al2Node } from './al2';
import { FOLDER_FILES } from './cluster-version';
import type { RuleContext } from './context';
import { holding } from './readings';
import { minorOf } from './versions';

/**
 * AL2 node definitions that hold the cluster of this file at 1.32 when the upgrade goes past it: Terraform, the
 * file's folder and the local modules it calls (and the file itself when the folder scan does not read it, as
 * Terragrunt inputs); YAML, the eksctl node groups of the file. [] when the target is 1.32 or older.
 */
export async function al2Holding(ctx: RuleContext, docs?: readonly Document.Parsed[]): Promise<Al2Node[]> {
  if ((minorOf(ctx.options.target) ?? 0) <= LAST_AL2_MINOR) return [];
  // the configuration graph: the clusters whose evaluation reads this file, wherever their AL2 nodes are written
  const estate = await ctx.versions.estate();
  const fromGraph: Al2Node[] = estate.clustersReading(ctx.file.absPath).flatMap((c) => holding(c, ctx.options.target, ctx.options.al2023)).map((s) => ({ range: [0, 0], what: s.why }));
  if (fromGraph.length) return fromGraph;
  if (ctx.file.kind === 'hcl') {
    const folder = await ctx.versions.al2Under(path.dirname(ctx.file.absPath));
    // a file the folder scan does not read (terragrunt.hcl and its inputs): its own AL2 node groups hold it too
    if (FOLDER_FILES.test(ctx.file.path) || !ctx.file.hcl) return folder;
    return [...folder, ...hclAl2Nodes(ctx.file.hcl, ctx.file.text)];
  }
  return (docs ?? []).flatMap((d) => eksctlAl2Nodes(d, ctx.file.text));
}
