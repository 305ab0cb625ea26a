/**
 * Amazon Linux 2 node definitions: what cannot run Kubernetes 1.33 (no EKS AL2 AMI after 1.32; eksctl refuses
 * `amiFamily: AmazonLinux2` from 1.33). Read from a Terraform tree or an eksctl ClusterConfig; the version rules
 * hold a cluster at 1.32 while any remain (../shared/DOMAIN-1.28-1.36.md §2).
 */
import type { Document } from 'yaml';
import { allKeyed, allStrings, asString, blockAttribute, blockHeader, type HclNode, keyName, objectElems, topBlocks, valueOf } from '../parsers/hcl';
import { scalarText } from '../parsers/yaml';
import { rangeOf } from '../parsers/yaml-edit';
import { groupValue, nodeGroups } from './eksctl';
import { minorOf } from './versions';
import type { Range } from '../util/range';

/** The last Kubernetes minor with EKS AL2 AMIs. */
export const LAST_AL2_MINOR = 32;

/**
 * Amazon Linux 2 reached its end of support on this date (no more security updates), whatever the cluster version:
 * the EKS user guide's AMI deprecation FAQ (nodes/eks-ami-deprecation-faqs.adoc@0657cd08b3fc, read 2026-11-30;
 * ../shared/DOMAIN-1.28-1.36.md "AL2 end").
 */
export const AL2_END_OF_SUPPORT = '2026-06-30';

/** A cluster written at this version may still run AL2 nodes (1.32 or older); false when the version is not known. */
export const mayRunAl2 = (version: string | undefined): boolean => (minorOf(version) ?? Infinity) <= LAST_AL2_MINOR;

/** EKS AMI types of AL2 and their AL2023 counterparts (Neuron instance types: AL2023_x86_64_NEURON). */
export const AL2023_AMI_TYPE: Readonly<Record<string, string>> = {
  AL2_x86_64: 'AL2023_x86_64_STANDARD',
  AL2_ARM_64: 'AL2023_ARM_64_STANDARD',
  AL2_x86_64_GPU: 'AL2023_x86_64_NVIDIA',
};

/** AL2 EKS AMI SSM parameter paths (`…/amazon-linux-2[-arm64|-gpu]/…`) and the AL2023 path of each. */
export const AL2_SSM = /\/aws\/service\/eks\/optimized-ami\/(1\.\d+)\/(amazon-linux-2(?:-arm64|-gpu)?)\//;
/** The same, with the Kubernetes minor written by a template (`${var.cluster_version}`). */
export const AL2_SSM_ANY = /\/aws\/service\/eks\/optimized-ami\/([^/\s"]+)\/(amazon-linux-2(?:-arm64|-gpu)?)\//;
export const AL2023_SSM_PATH: Readonly<Record<string, string>> = {
  'amazon-linux-2': 'amazon-linux-2023/x86_64/standard',
  'amazon-linux-2-arm64': 'amazon-linux-2023/arm64/standard',
  'amazon-linux-2-gpu': 'amazon-linux-2023/x86_64/nvidia',
};
/** AL2 EKS AMI name filters (`amazon-eks-node-1.32-v*`, arm64, gpu). */
export const AL2_AMI_NAME = /\bamazon-eks-(arm64-|gpu-)?node-(1\.\d+)-/;

export interface Al2Node {
  readonly range: Range;
  /** What it is, for a message: `aws_eks_node_group.logging`, `eks_managed_node_groups.default`, `managedNodeGroups[indexers]`. */
  readonly what: string;
}

/** The name a Terraform node definition goes by: the resource, or the module map entry that holds `node`. */
function holderName(node: HclNode): string {
  let entry: string | undefined;
  let map: string | undefined;
  for (let n: HclNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'object_elem' && n !== node) {
      if (!entry) entry = keyName(n);
      else if (!map) map = keyName(n);
    }
    if (n.type === 'attribute' && n !== node && !map) map = keyName(n);
    if (n.type === 'block') {
      const h = blockHeader(n);
      if (map && entry) return `${map}.${entry}`;
      return h.type === 'resource' || h.type === 'data' ? `${h.type === 'data' ? 'data.' : ''}${h.labels.join('.')}` : `${h.type} ${h.labels.map((l) => `"${l}"`).join(' ')}`;
    }
  }
  // no block around it (Terragrunt `inputs = { … }`, a .tfvars value): the map entry, else the key itself
  if (map && entry) return `${map}.${entry}`;
  const own = node.type === 'attribute' || node.type === 'object_elem' ? keyName(node) : undefined;
  return entry ?? map ?? own ?? 'a node definition';
}

/** AL2 node definitions in a Terraform file: AL2 ami_type values, AL2 SSM parameters and AMI name filters. */
export function hclAl2Nodes(root: HclNode, text: string): Al2Node[] {
  const out: Al2Node[] = [];
  for (const a of allKeyed(root).get('ami_type') ?? []) {
    const s = asString(valueOf(a), text);
    if (s && !s.templated && AL2023_AMI_TYPE[s.view.text]) out.push({ range: [a.startIndex, a.endIndex], what: holderName(a) });
  }
  for (const s of allStrings(root, text)) {
    if (!AL2_SSM.test(s.view.text) && !AL2_AMI_NAME.test(s.view.text)) continue;
    // named by what holds the key the string is the value of (not by that key: `gpu`, not `gpu.ami_id`)
    let key: HclNode = s.node;
    while (key.parent && key.type !== 'object_elem' && key.type !== 'attribute') key = key.parent;
    out.push({ range: [s.node.startIndex, s.node.endIndex], what: holderName(key.type === 'object_elem' || key.type === 'attribute' ? key : s.node) });
  }
  for (const b of topBlocks(root)) for (const e of selfManagedDefaultAl2(b, text)) out.push({ range: [e.startIndex, e.endIndex], what: `self_managed_node_groups.${keyName(e)}` });
  return out;
}

/** Local module folders a Terraform file calls (`source = "./…"`), relative to its folder. */
export function localModuleSources(root: HclNode, text: string): string[] {
  const out: string[] = [];
  for (const b of topBlocks(root)) {
    if (blockHeader(b).type !== 'module') continue;
    const s = literalAttr(b, 'source', text);
    if (s && /^\.\/[^]*$/.test(s) && !s.split('/').includes('..')) out.push(s);
  }
  return out;
}

/** eksctl node groups on AL2 (explicit `amiFamily: AmazonLinux2`, on the group or through a YAML merge key). */
export function eksctlAl2Nodes(doc: Document.Parsed, text: string): Al2Node[] {
  return nodeGroups(doc).filter((g) => g.kind !== 'nodeGroupDefaults' && scalarText(groupValue(doc, g.map, 'amiFamily')?.node, text) === 'AmazonLinux2').map((g) => {
    const r = rangeOf(g.map);
    return { range: r ? [r[0], r[1]] : [0, 0], what: `${g.kind}[${g.name ?? '?'}]` };
  });
}

/** "aws_eks_node_group.logging and 2 more" */
export const describeAl2 = (nodes: readonly Al2Node[]): string => {
  const names = [...new Set(nodes.map((n) => n.what))];
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
};

/**
 * The major version of terraform-aws-eks a module block pins (its `version` constraint, or `?ref=vNN` in a git
 * source); undefined for another module or an unpinned one.
 */
export function terraformAwsEksMajor(block: HclNode, text: string): number | undefined {
  const source = literalAttr(block, 'source', text) ?? '';
  if (!/terraform-aws-modules\/eks\/aws|terraform-aws-eks/.test(source)) return undefined;
  const ref = /[?&]ref=v?(\d+)\./.exec(source);
  const m = ref ?? /^\s*(?:[=~<>!]+\s*)?v?(\d+)(?:\.|\s*$)/.exec(literalAttr(block, 'version', text) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The literal string value of a block's attribute `name` (no interpolation), if it has one. */
function literalAttr(block: HclNode, name: string, text: string): string | undefined {
  const a = blockAttribute(block, name);
  const v = a && asString(valueOf(a), text);
  return v && !v.templated ? v.view.text : undefined;
}

/**
 * Whether the terraform-aws-eks version a module block pins can write AL2023 node groups (`ami_type` AL2023_* with
 * `cloudinit_pre_nodeadm`: v20.5.0 and later). Undefined when the block pins no version eks-migrate can read.
 */
/**
 * A terraform-aws-eks version constraint (`20.31.6`, `~> 20.0`, `>= 20.5`, a `?ref=v20.8.4`) that writes AL2023 user
 * data (cloudinit_pre_nodeadm, v20.5 on); undefined when it does not say.
 */
export function al2023UserDataVersion(v: string | undefined): boolean | undefined {
  const m = /^\s*(~>|>=|>|=)?\s*v?(\d+)(?:\.(\d+))?/.exec(v ?? '');
  if (!m) return undefined;
  const major = Number(m[2]);
  if (major !== 20) return major > 20;
  // "~> 20.0" and ">= 20" take the newest 20.x; an exact pin must be 20.5 or later
  return m[1] === '~>' || m[1] === '>=' || m[1] === '>' || m[3] === undefined || Number(m[3]) >= 5;
}

/** The terraform-aws-eks node group inputs that carry AL2 bootstrap user data (cloudinit_pre_nodeadm replaces them). */
export const AL2_BOOTSTRAP_INPUTS: readonly string[] = ['bootstrap_extra_args', 'pre_bootstrap_user_data', 'post_bootstrap_user_data'];

/**
 * A terraform-aws-eks managed node group gets a generated name (and the module's create_before_destroy creates its
 * replacement first), read from the module's source: modules/eks-managed-node-group main.tf, v18.0.0 to v21.19.0,
 * `node_group_name_prefix = var.use_name_prefix ? "${var.name}-" : null` with use_name_prefix defaulting to true;
 * v17's modules/node_groups: a prefix unless the entry sets `name`. `useNamePrefix`: the entry's (or defaults')
 * literal setting, undefined when unset; anything but a literal counts as fixed (the caller passes false).
 */
export function managedNamePrefixed(major: number, useNamePrefix: boolean | undefined, setsName: boolean): boolean {
  if (major < 17) return false;
  if (major === 17) return !setsName;
  return useNamePrefix ?? true;
}

export function terraformAwsEksHasAl2023(block: HclNode, text: string): boolean | undefined {
  const major = terraformAwsEksMajor(block, text);
  if (major === undefined) return undefined;
  if (major !== 20) return major > 20;
  const ref = /[?&]ref=(v?20\.\d+)/.exec(literalAttr(block, 'source', text) ?? '');
  return al2023UserDataVersion(ref ? ref[1] : literalAttr(block, 'version', text));
}

/** The terraform-aws-eks node group inputs that choose its AMI (without one, the module's default applies). */
export const AMI_CHOICE = /^(ami_type|ami_id|platform)$/;

/**
 * terraform-aws-eks up to v20 runs a self-managed node group without an ami_type (here or in the defaults) on AL2
 * (v20: `ami_type` defaults to "AL2_x86_64"; v21: to AL2023). The entries that do; [] for another module or v21+.
 */
export function selfManagedDefaultAl2(block: HclNode, text: string): HclNode[] {
  if (blockHeader(block).type !== 'module') return [];
  const major = terraformAwsEksMajor(block, text);
  if (major === undefined || major > 20) return [];
  const defaults = objectElems(valueOf(blockAttribute(block, 'self_managed_node_group_defaults') ?? block));
  const choosesAmi = (elems: HclNode[]) => elems.some((x) => AMI_CHOICE.test(keyName(x) ?? ''));
  if (choosesAmi(defaults)) return [];
  return objectElems(valueOf(blockAttribute(block, 'self_managed_node_groups') ?? block)).filter((e) => !choosesAmi(objectElems(valueOf(e))));
}

/**
 * The first hashicorp/aws release whose aws_eks_node_group accepts the AL2023 ami_type values (AL2023_x86_64_STANDARD,
 * AL2023_ARM_64_STANDARD; the provider validates ami_type against the EKS SDK's AMITypes enum). Sources, read
 * 2026-12-07: aws-sdk-go-v2 service/eks CHANGELOG "v1.41.0 (2024-02-29) Added support for new AL2023 AMIs to the
 * supported AMITypes"; hashicorp/terraform-provider-aws CHANGELOG.md "## 5.40.0 (March  7, 2024)" is the first release
 * after it (5.39.0 is of February 29; the provider CHANGELOG itself has no AL2023 line); terraform-aws-eks commit
 * dfe41141c238 (2024-03-08, in v20.5.3) "fix: Update AWS provider version to support `AL2023_*` AMI types" raised
 * versions.tf from `>= 5.38` to `>= 5.40`.
 */
export const AWS_PROVIDER_AL2023 = '5.40.0';

const versionParts = (v: string): number[] | undefined => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
};
const cmp = (a: readonly number[], b: readonly number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * The part of a Terraform version constraint ("~> 4.67", ">= 4.0, < 5.0", "4.67.0") that keeps it below `release`,
 * or undefined when the constraint may reach `release` (or eks-migrate cannot read it: `~> 4` with one part, a
 * pre-release). Each comma-separated part is read on its own: one that no version at or above `release` meets is
 * enough.
 */
export function constraintBelow(constraint: string, release: string): string | undefined {
  const r = versionParts(release)!;
  for (const raw of constraint.split(',')) {
    const part = raw.trim();
    const m = /^(~>|>=|<=|!=|=|>|<)?\s*(v?\d+(?:\.\d+){0,2})$/.exec(part);
    if (!m) continue;
    const op = m[1] ?? '=';
    const v = versionParts(m[2])!;
    const given = m[2].replace(/^v/, '').split('.').length;
    let below = false;
    if (op === '=') below = cmp(v, r) < 0;
    else if (op === '<') below = cmp(v, r) <= 0;
    else if (op === '<=') below = cmp(v, r) < 0;
    else if (op === '~>' && given === 2) below = cmp([v[0] + 1, 0, 0], r) <= 0;
    else if (op === '~>' && given === 3) below = cmp([v[0], v[1] + 1, 0], r) <= 0;
    if (below) return part;
  }
  return undefined;
}
