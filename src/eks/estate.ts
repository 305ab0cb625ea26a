/**
 * The EKS estate as the configuration graph sees it: per root and environment, each cluster (an `aws_eks_cluster`,
 * a terraform-aws-eks module call) with its version, its node definitions (node groups, launch templates, AMI data
 * sources, Karpenter node classes written in Terraform) and its add-on pins, every value with the literal it comes
 * from. Rules ask this instead of walking variables themselves; `eks-migrate graph` prints it.
 */
import * as path from 'path';
import table from '../../data/terraform-aws-eks.json';
import type { Expr } from '../parsers/hcl-ast';
import { attrOf } from '../parsers/hcl-ast';
import { type BlockInstance, type CallSite, dataOwner, type Environment, type Graph, type Instance, type Root } from '../graph/graph';
import { type Alt, type Alts, field, scalarText, type Site, type Val } from '../graph/values';
import { AL2023_AMI_TYPE, al2023UserDataVersion, managedNamePrefixed } from './al2';
import { preBootstrapKubelet, translateArgs } from './nodeadm';

export interface Al2Sign {
  /** Why it is (or may be) AL2, in the user's words. */
  readonly why: string;
  /** The literal that says so, when there is one. */
  readonly site?: Site;
  readonly when: readonly string[];
  /**
   * It may be AL2 or not, and only the live node group tells: a managed group without ami_type runs the AMI EKS chose
   * when it was made (AL2 before 1.30, AL2023 since: Amazon EKS user guide). Shown, never a hold.
   */
  readonly maybe?: boolean;
}

export interface NodeDef {
  readonly kind: 'managed' | 'self-managed' | 'launch-template' | 'ami' | 'karpenter';
  /** `aws_eks_node_group.apps`, `module "eks" eks_managed_node_groups.spark`, `kubectl_manifest.default (EC2NodeClass)`. */
  readonly what: string;
  readonly at: Site;
  readonly amiType?: Alts;
  /** The AMI release pinned (`release_version`, `ami_release_version`). */
  readonly release?: Alts;
  /** Where the release is read (its expression). */
  readonly releaseUse?: Site;
  readonly version?: Alts;
  readonly versionUse?: Site;
  readonly al2: readonly Al2Sign[];
  /**
   * al2023-nodes switches it to AL2023 in place in the same run (a literal AL2 ami_type written in it, a generated
   * name with create_before_destroy, no AL2 bootstrap inputs), unless --al2023 blue-green asks for a copy: its AL2
   * does not hold the cluster at 1.32.
   */
  readonly createdFirst?: boolean;
}

export interface AddonPin {
  readonly addon: string;
  readonly what: string;
  readonly at: Site;
  readonly version: Alts;
  readonly use?: Site;
}

/** The cluster-autoscaler's image tag of a Helm release (`set { name = "image.tag" }`, `values = [yamlencode(…)]`). */
export interface AutoscalerPin {
  readonly what: string;
  readonly at: Site;
  readonly tag: Alts;
}

export interface Cluster {
  readonly root: Root;
  readonly env: Environment;
  readonly inst: Instance;
  /** `aws_eks_cluster.this`, `module "eks"`. */
  readonly what: string;
  /** The address in its root: `module.platform.aws_eks_cluster.this`. */
  readonly address: string;
  readonly at: Site;
  readonly name?: string;
  readonly version: Alts;
  /** Where the cluster reads its version (the attribute's expression); undefined when not written. */
  readonly versionUse?: Site;
  readonly versionAttr: string;
  /** terraform-aws-eks major version, for a module call. */
  readonly major?: number;
  readonly nodes: NodeDef[];
  readonly addons: AddonPin[];
  readonly autoscaler: AutoscalerPin[];
}

interface Major {
  readonly major: number;
  readonly versionInput: string;
  readonly nameInput: string;
  readonly addonsInput: string | null;
  readonly managedGroups: string;
  readonly managedDefaults: string | null;
  readonly managedAmiDefault: string | null;
  readonly selfGroups: readonly string[];
  readonly selfDefaults: string | null;
  readonly selfAmiDefault: string;
  readonly releaseInput: string | null;
}
const MAJORS = table.majors as readonly Major[];

const AL2_TYPES = new Set(Object.keys(AL2023_AMI_TYPE));
/** AL2 AMI SSM parameter paths and AMI name filters, as written (the minor may be an interpolation). */
const AL2_PARAM = /optimized-ami\/[^/\s"]+\/amazon-linux-2(?:-arm64|-gpu)?\//;
const AL2_NAME = /\bamazon-eks-(?:arm64-|gpu-)?node-(?!al2023)(?:1\.\d+-v|\$\{[^}]*\}-v|\*)/;

/** Which terraform-aws-eks module (or submodule) a source names. */
export function eksModuleKind(source: string): 'eks' | 'eks-managed-node-group' | 'self-managed-node-group' | 'karpenter' | undefined {
  const s = source.replace(/\?.*$/, '');
  if (!/terraform-aws-modules\/eks\/aws|terraform-aws-modules\/terraform-aws-eks|terraform-aws-eks(\.git)?/.test(s)) return undefined;
  const sub = /\/\/modules\/([\w-]+)/.exec(s)?.[1];
  if (!sub) return 'eks';
  return sub === 'eks-managed-node-group' || sub === 'self-managed-node-group' || sub === 'karpenter' ? sub : undefined;
}

/** The major version a module call pins (`version`, `?ref=v20.1.0`). */
export function majorOf(c: CallSite): number | undefined {
  const v = c.version ?? '';
  const m = /^\s*(?:[=~<>!]+\s*)?v?(\d+)(?:\.|\s*$)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

const majorRow = (major: number | undefined): Major | undefined => (major === undefined ? undefined : MAJORS.find((r) => r.major === major) ?? (major > 21 ? MAJORS[MAJORS.length - 1] : undefined));

/** The output of terraform-aws-eks that hands back an input (module.eks.cluster_version → cluster_version). */
export function registryOutput(source: string, output: string): string | undefined {
  if (eksModuleKind(source) !== 'eks') return undefined;
  const o = (table.outputs as Record<string, string>)[output];
  if (o === 'version') return 'cluster_version';
  if (o === 'name') return 'cluster_name';
  return undefined;
}

const siteText = (s: Site | undefined): string => (s ? `${s.file}:${s.range[0]}` : '');

/** AL2 signs among an AMI type's alternatives. */
function amiTypeSigns(alts: Alts | undefined, label: string): Al2Sign[] {
  return (alts ?? []).flatMap((a) => (a.val.kind === 'string' && AL2_TYPES.has(a.val.value) ? [{ why: `${label} ${a.val.value}`, site: a.val.site, when: a.when }] : []));
}

/** The text of an expression that is a string, heredoc, template (interpolations kept as written) or a file read. */
function textOf(e: Expr | undefined, b: BlockInstance): string | undefined {
  if (!e) return undefined;
  const src = b.inst.graph.project.text(b.file) ?? '';
  if (e.type === 'literal' && typeof e.value === 'string') return e.value;
  if (e.type === 'template') return src.slice(e.content[0], e.content[1]);
  const v = b.evaluate(e);
  const t = v.find((x) => x.val.kind === 'text' || x.val.kind === 'string');
  return t ? (t.val.kind === 'text' ? t.val.text : (t.val as { value: string }).value) : undefined;
}

/** Karpenter node classes in a text (a heredoc, a template file): AL2 signs. */
function karpenterTextSigns(text: string): { kinds: string[]; signs: Al2Sign[] } {
  const kinds: string[] = [];
  const signs: Al2Sign[] = [];
  for (const doc of text.split(/^---\s*$/m)) {
    const kind = /^\s*kind:\s*["']?(EC2NodeClass|AWSNodeTemplate)\b/m.exec(doc)?.[1];
    if (!kind) continue;
    const name = /^\s*name:\s*["']?([\w.${}-]+)/m.exec(doc.slice(doc.indexOf('metadata')))?.[1] ?? '?';
    kinds.push(`${kind} ${name}`);
    const fam = /^\s*amiFamily:\s*["']?(\w+)/m.exec(doc)?.[1];
    const alias = /^\s*-?\s*alias:\s*["']?(al2)@/m.exec(doc);
    if (fam === 'AL2' || fam === 'AmazonLinux2') signs.push({ why: `amiFamily ${fam}`, when: [] });
    else if (alias) signs.push({ why: `amiSelectorTerms alias ${/alias:\s*["']?(al2@[\w.-]*)/.exec(doc)?.[1] ?? 'al2@…'}`, when: [] });
    else if (kind === 'AWSNodeTemplate' && !fam) signs.push({ why: `AWSNodeTemplate ${name} without amiFamily (Karpenter's default is AL2)`, when: [] });
  }
  return { kinds, signs };
}

/** Karpenter node classes in an object value (yamlencode({...}), kubernetes_manifest): AL2 signs. */
function karpenterObjectSigns(alts: Alts): { kinds: string[]; signs: Al2Sign[] } {
  const kinds: string[] = [];
  const signs: Al2Sign[] = [];
  for (const a of alts) {
    if (a.val.kind !== 'object') continue;
    const kind = field([a], 'kind').map((x) => scalarText(x.val)).find((x) => x === 'EC2NodeClass' || x === 'AWSNodeTemplate');
    if (!kind) continue;
    const name = field(field([a], 'metadata'), 'name').map((x) => scalarText(x.val)).find(Boolean) ?? '?';
    kinds.push(`${kind} ${name}`);
    const spec = field([a], 'spec');
    const fam = field(spec, 'amiFamily').filter((x) => x.val.kind === 'string');
    for (const f of fam) if (f.val.kind === 'string' && (f.val.value === 'AL2' || f.val.value === 'AmazonLinux2')) signs.push({ why: `amiFamily ${f.val.value}`, site: f.val.site, when: f.when });
    for (const t of field(spec, 'amiSelectorTerms')) {
      if (t.val.kind !== 'tuple') continue;
      for (const item of t.val.items) {
        for (const al of field(item, 'alias')) if (al.val.kind === 'string' && /^al2@/.test(al.val.value)) signs.push({ why: `amiSelectorTerms alias ${al.val.value}`, site: al.val.site, when: al.when });
      }
    }
    if (kind === 'AWSNodeTemplate' && !fam.length) signs.push({ why: `AWSNodeTemplate ${name} without amiFamily (Karpenter's default is AL2)`, when: a.when });
  }
  return { kinds, signs };
}

/** AL2 signs of an image: an SSM parameter or AMI name filter behind `data.X.Y.value` / `.id`. */
function imageSigns(alts: Alts | undefined, inst: Instance, label: string): Al2Sign[] {
  const out: Al2Sign[] = [];
  for (const a of alts ?? []) {
    const v = a.val;
    if (v.kind === 'string' && (AL2_PARAM.test(v.value) || AL2_NAME.test(v.value))) out.push({ why: `${label} ${v.value}`, site: v.site, when: a.when });
    if (v.kind !== 'unknown' || !v.data) continue;
    for (const d of (dataOwner(v.data) ?? inst).dataBlocks(v.data.type).filter((x) => x.name === v.data!.name)) out.push(...dataSigns(d, label));
  }
  return out;
}

/** AL2 signs of a data source that looks an AMI up (aws_ssm_parameter name, aws_ami name filter). */
function dataSigns(d: BlockInstance, label: string): Al2Sign[] {
  const out: Al2Sign[] = [];
  const src = d.inst.graph.project.text(d.file) ?? '';
  const raw = src.slice(d.block.range[0], d.block.range[1]);
  if (!AL2_PARAM.test(raw) && !AL2_NAME.test(raw) && !/\bname\s*=\s*(var|local)\./.test(raw)) return out;
  const check = (alts: Alts | undefined) => {
    for (const a of alts ?? []) {
      const s = a.val.kind === 'string' ? a.val.value : undefined;
      if (s && (AL2_PARAM.test(s) || AL2_NAME.test(s))) out.push({ why: `${label}${label ? ' ' : ''}data.${d.type}.${d.name} ${s}`, site: a.val.site, when: a.when });
      if (a.val.kind === 'tuple') for (const it of a.val.items) check(it);
    }
  };
  if (d.type === 'aws_ssm_parameter') check(d.attr('name'));
  if (d.type === 'aws_ami') for (const f of d.block.blocks.filter((b) => b.type === 'filter')) check(d.attr('values', f));
  if (!out.length && (AL2_PARAM.test(raw) || AL2_NAME.test(raw))) out.push({ why: `${label}${label ? ' ' : ''}data.${d.type}.${d.name} (an AL2 image, as written)`, when: [] });
  return out;
}

/** The Kubernetes minors an image names: an EKS SSM parameter path or AMI name, written or behind a data source. */
function imageMinors(alts: Alts | undefined, inst: Instance): string[] {
  const out: string[] = [];
  const fromText = (t: string) => {
    const m = /optimized-ami\/(1\.\d+)\/|amazon-eks-(?:arm64-|gpu-)?node-(?:al2023-[\w-]*?-)?(1\.\d+)-v/.exec(t);
    if (m) out.push(m[1] ?? m[2]);
  };
  const strings = (a: Alts | undefined) => {
    for (const x of a ?? []) {
      if (x.val.kind === 'string') fromText(x.val.value);
      if (x.val.kind === 'tuple') for (const it of x.val.items) strings(it);
    }
  };
  for (const a of alts ?? []) {
    const v = a.val;
    if (v.kind === 'string') fromText(v.value);
    if (v.kind !== 'unknown' || !v.data) continue;
    for (const d of (dataOwner(v.data) ?? inst).dataBlocks(v.data.type).filter((x) => x.name === v.data!.name)) {
      if (d.type === 'aws_ssm_parameter') strings(d.attr('name'));
      if (d.type === 'aws_ami') for (const f of d.block.blocks.filter((b) => b.type === 'filter')) strings(d.attr('values', f));
    }
  }
  return out;
}

/** A launch template's AL2 signs (its image_id). */
function launchTemplateSigns(lt: BlockInstance, label: string): Al2Sign[] {
  return imageSigns(lt.attr('image_id'), lt.inst, label);
}

/** The node groups of a terraform-aws-eks call (managed and self-managed), with the defaults applied. */
function moduleNodes(c: CallSite, row: Major | undefined, what: string): NodeDef[] {
  const out: NodeDef[] = [];
  const groups = (input: string, defaultsInput: string | null, kind: 'managed' | 'self-managed', amiDefault: string | null) => {
    const g = c.arg(input);
    if (!g) return;
    const defaults = defaultsInput ? c.arg(defaultsInput) : undefined;
    for (const a of g) {
      if (a.val.kind !== 'object') continue;
      for (const [key, entryAlts] of a.val.fields) {
        const at = a.val.keySites?.get(key) ?? c.argSite(input)!;
        const own = field(entryAlts, 'ami_type').filter((x) => !(x.val.kind === 'unknown' && /^has no/.test(x.val.why)));
        const ownId = field(entryAlts, 'ami_id').filter((x) => x.val.kind === 'string' && x.val.value !== '');
        const fromDefaults = defaults ? field(defaults, 'ami_type').filter((x) => !(x.val.kind === 'unknown' && /^has no/.test(x.val.why))) : [];
        const amiType = own.length ? own : fromDefaults;
        const label = `${what} ${input}.${key}`;
        const al2 = amiTypeSigns(amiType, 'ami_type');
        if (!amiType.length && !ownId.length) {
          if (kind === 'self-managed' && row && row.major <= 20) al2.push({ why: `${label} sets no ami_type: terraform-aws-eks v${row.major} runs it on ${row.selfAmiDefault}`, when: [] });
          if (kind === 'managed' && row && !amiDefault) al2.push({ why: `${label} sets no ami_type: terraform-aws-eks v${row.major} leaves it to EKS, which made AL2_x86_64 groups before 1.30 and AL2023 ones since (check with \`aws eks describe-nodegroup --query nodegroup.amiType\` and set ami_type)`, when: [], maybe: true });
        }
        // switched in place by al2023-nodes (the module's name prefix and create_before_destroy, v18 on; v17: no `name`)
        const set = (k: string) => [...field(entryAlts, k), ...(defaults ? field(defaults, k) : [])].filter((x) => !(x.val.kind === 'unknown' && /^has no/.test(x.val.why)) && x.val.kind !== 'null' && !(x.val.kind === 'string' && x.val.value === ''));
        const prefixFlag = [...field(entryAlts, 'use_name_prefix'), ...(defaults ? field(defaults, 'use_name_prefix') : [])].find((x) => x.val.kind !== 'unknown' || !/^has no/.test(x.val.why));
        const prefixed = !!row && managedNamePrefixed(row.major, prefixFlag && prefixFlag.val.kind === 'bool' && prefixFlag.val.value, set('name').length > 0);
        // written as `ami_type = "AL2_…"` itself (not a branch of a conditional, not through a variable)
        const plainSite = (x: Alt) => {
          const site = x.val.site;
          const t = site && c.caller.graph.project.text(site.file);
          return !!t && /\bami_type\s*=\s*"?$/.test(t.slice(t.lastIndexOf('\n', site.range[0] - 1) + 1, site.range[0]));
        };
        const literalType = amiType.length === 1 && amiType[0].val.kind === 'string' && amiType[0].via.length === 0 && plainSite(amiType[0]);
        // bootstrap inputs move to cloudinit_pre_nodeadm (v20.5 on) when they are literal and translate without a person
        const one = (k: string) => { const a = set(k); return a.length === 1 && a[0].val.kind === 'string' && a[0].via.length === 0 ? a[0].val.value : a.length ? null : undefined; };
        const extra = one('bootstrap_extra_args');
        const pre = one('pre_bootstrap_user_data');
        const inputsMove = extra !== null && pre !== null && (extra === undefined && pre === undefined ? true
          : al2023UserDataVersion(c.version) === true
            && (extra === undefined || !translateArgs(extra, { templated: true, clusterFields: false, managed: true }).notes.some((n) => n.level === 'manual'))
            && (pre === undefined || !preBootstrapKubelet(pre).notes.length));
        const createdFirst = kind === 'managed' && prefixed && literalType && al2.length > 0 && inputsMove && !['post_bootstrap_user_data', 'ami_id', 'cloudinit_pre_nodeadm'].some((k) => set(k).length);
        const release = row?.releaseInput ? field(entryAlts, row.releaseInput).filter((x) => x.val.kind !== 'unknown') : [];
        const rel2 = field(entryAlts, 'release_version').filter((x) => x.val.kind !== 'unknown');
        out.push({
          kind, what: label, at, amiType: amiType.length ? amiType : undefined, al2, ...(createdFirst ? { createdFirst } : {}),
          release: release.length ? release : rel2.length ? rel2 : undefined,
        });
      }
    }
  };
  if (!row) {
    // a major eks-migrate has no row for: the inputs of the nearest known one
    groups('eks_managed_node_groups', 'eks_managed_node_group_defaults', 'managed', null);
    groups('self_managed_node_groups', 'self_managed_node_group_defaults', 'self-managed', null);
    return out;
  }
  groups(row.managedGroups, row.managedDefaults, 'managed', row.managedAmiDefault);
  for (const s of row.selfGroups) groups(s, row.selfDefaults, 'self-managed', row.selfAmiDefault);
  return out;
}

/** The add-on pins of a terraform-aws-eks call (`cluster_addons` / `addons`). */
function moduleAddons(c: CallSite, row: Major | undefined, what: string): AddonPin[] {
  const input = row?.addonsInput ?? (c.argNames().includes('addons') ? 'addons' : 'cluster_addons');
  const m = c.arg(input);
  const out: AddonPin[] = [];
  for (const a of m ?? []) {
    if (a.val.kind !== 'object') continue;
    for (const [key, entryAlts] of a.val.fields) {
      const named = field(entryAlts, 'name').map((x) => scalarText(x.val)).find(Boolean);
      const version = field(entryAlts, 'addon_version').filter((x) => !(x.val.kind === 'unknown' && /^has no/.test(x.val.why)));
      if (!version.length) continue;
      out.push({ addon: named ?? key, what: `${what} ${input}.${key}.addon_version`, at: a.val.keySites?.get(key) ?? c.argSite(input)!, version });
    }
  }
  return out;
}

const blockSite = (b: BlockInstance): Site => ({ file: b.file, range: b.block.range });
const useOf = (b: BlockInstance, name: string): Site | undefined => {
  const a = attrOf(b.block, name);
  return a ? { file: b.file, range: a.value.range } : undefined;
};

/** What one instance holds: clusters, and the node definitions and add-ons not yet given to a cluster. */
function scanInstance(inst: Instance, root: Root, env: Environment): { clusters: Cluster[]; nodes: NodeDef[]; addons: AddonPin[]; autoscaler: AutoscalerPin[] } {
  const clusters: Cluster[] = [];
  const nodes: NodeDef[] = [];
  const addons: AddonPin[] = [];
  const autoscaler: AutoscalerPin[] = [];
  for (const r of inst.resources('helm_release')) {
    if (!(r.attr('chart') ?? []).some((a) => a.val.kind === 'string' && /(^|\/)cluster-autoscaler$/.test(a.val.value))) continue;
    const what = `helm_release.${r.name}`;
    for (const b of r.block.blocks.filter((x) => x.type === 'set')) {
      if (!(r.attr('name', b) ?? []).some((a) => a.val.kind === 'string' && a.val.value === 'image.tag')) continue;
      const tag = r.attr('value', b);
      if (tag) autoscaler.push({ what: `${what} set image.tag`, at: blockSite(r), tag });
    }
    for (const v of r.attr('values') ?? []) {
      const items = v.val.kind === 'tuple' ? v.val.items : [];
      for (const it of items) {
        const tag = field(field(it.filter((x) => x.val.kind === 'object'), 'image'), 'tag').filter((x) => x.val.kind === 'string');
        if (tag.length) autoscaler.push({ what: `${what} values image.tag`, at: blockSite(r), tag });
      }
    }
  }
  const addr = (s: string) => (inst.address ? `${inst.address}.${s}` : s);
  for (const r of inst.resources('aws_eks_cluster')) {
    const v = r.attr('version');
    const name = r.attr('name')?.map((x) => scalarText(x.val)).find(Boolean);
    clusters.push({
      root, env, inst, what: `aws_eks_cluster.${r.name}${r.key !== undefined ? `["${r.key}"]` : ''}`, address: addr(`aws_eks_cluster.${r.name}`), at: blockSite(r), name,
      version: v ?? [], versionUse: useOf(r, 'version'), versionAttr: 'version', nodes: [], addons: [], autoscaler: [],
    });
  }
  for (const c of inst.registryCalls()) {
    const kind = eksModuleKind(c.source);
    const what = c.name === 'terragrunt' ? `terragrunt.hcl (${c.source})` : `module "${c.name}"${c.key !== undefined ? `["${c.key}"]` : ''}`;
    const at: Site = { file: c.file, range: c.range };
    const major = majorOf(c);
    const row = majorRow(major);
    if (kind === 'eks') {
      const vIn = row?.versionInput ?? (c.argNames().includes('kubernetes_version') ? 'kubernetes_version' : 'cluster_version');
      const nIn = row?.nameInput ?? 'cluster_name';
      const v = c.arg(vIn);
      clusters.push({
        root, env, inst, what, address: addr(c.name === 'terragrunt' ? 'terragrunt' : `module.${c.name}`), at,
        name: c.arg(nIn)?.map((x) => scalarText(x.val)).find(Boolean), version: v ?? [], versionUse: c.argSite(vIn), versionAttr: vIn, major,
        nodes: moduleNodes(c, row, what), addons: moduleAddons(c, row, what), autoscaler: [],
      });
    } else if (kind === 'eks-managed-node-group' || kind === 'self-managed-node-group') {
      const amiType = c.arg('ami_type');
      const al2 = amiTypeSigns(amiType, 'ami_type');
      if (!amiType && !c.arg('ami_id') && major !== undefined && major <= 20 && kind === 'self-managed-node-group') al2.push({ why: `${what} sets no ami_type: terraform-aws-eks v${major} runs it on AL2`, when: [] });
      if (!amiType && major !== undefined && major <= 20 && kind === 'eks-managed-node-group') al2.push({ why: `${what} sets no ami_type: EKS made AL2_x86_64 groups before 1.30 and AL2023 ones since`, when: [], maybe: true });
      const vIn = c.argNames().includes('kubernetes_version') ? 'kubernetes_version' : 'cluster_version';
      nodes.push({
        kind: kind === 'eks-managed-node-group' ? 'managed' : 'self-managed', what, at, amiType, al2, release: c.arg('ami_release_version'), releaseUse: c.argSite('ami_release_version'),
        version: c.arg(vIn), versionUse: c.argSite(vIn),
      });
    }
  }
  for (const r of inst.resources('aws_eks_node_group')) {
    const what = `aws_eks_node_group.${r.name}${r.key !== undefined ? `["${r.key}"]` : ''}`;
    const amiType = r.attr('ami_type');
    const al2 = amiTypeSigns(amiType, 'ami_type');
    const lt = r.block.blocks.find((b) => b.type === 'launch_template');
    if (lt) {
      // the launch template's image, when it names one
      const id = r.attr('id', lt) ?? r.attr('name', lt);
      for (const ref of id ?? []) void ref;
      const ltExpr = attrOf(lt, 'id')?.value ?? attrOf(lt, 'name')?.value;
      const ltName = ltExpr && /^aws_launch_template\.([\w-]+)\./.exec((inst.graph.project.text(r.file) ?? '').slice(ltExpr.range[0], ltExpr.range[1]))?.[1];
      for (const t of ltName ? inst.resources('aws_launch_template').filter((x) => x.name === ltName) : []) al2.push(...launchTemplateSigns(t, `launch template ${t.name}:`));
    }
    // a generated name and create_before_destroy, a literal AL2 ami_type, no launch template: al2023-nodes switches it in place
    const lc = r.block.blocks.find((b) => b.type === 'lifecycle');
    const cbd = lc ? r.attr('create_before_destroy', lc)?.some((x) => x.val.kind === 'bool' && x.val.value) : false;
    const createdFirst = !lt && !!cbd && !r.attr('node_group_name') && amiType?.length === 1 && amiType[0].val.kind === 'string' && amiType[0].via.length === 0 && al2.length > 0;
    nodes.push({ kind: 'managed', what, at: blockSite(r), amiType, al2, ...(createdFirst ? { createdFirst } : {}), release: r.attr('release_version'), releaseUse: useOf(r, 'release_version'), version: r.attr('version'), versionUse: useOf(r, 'version') });
  }
  for (const t of inst.resources('aws_launch_template')) {
    const al2 = launchTemplateSigns(t, '');
    if (al2.length) nodes.push({ kind: 'launch-template', what: `aws_launch_template.${t.name}${t.key !== undefined ? `["${t.key}"]` : ''}`, at: blockSite(t), al2 });
  }
  const named = nodes.flatMap((n) => n.al2.map((x) => x.why)).join('\n');
  for (const d of [...inst.dataBlocks('aws_ssm_parameter'), ...inst.dataBlocks('aws_ami')]) {
    const al2 = dataSigns(d, '');
    if (!al2.length || named.includes(`data.${d.type}.${d.name} `)) continue; // a node definition above names it already
    // an AL2 image that nothing but an output reads is no node: shown, never a hold
    const ref = new RegExp(`\\bdata\\.${d.type}\\.${d.name}\\b`);
    const read = inst.files().some((f) => f.ast.blocks.some((b) => b.type !== 'output' && b.range[0] !== d.block.range[0] && ref.test(f.text.slice(b.range[0], b.range[1]))));
    nodes.push({ kind: 'ami', what: `data.${d.type}.${d.name}`, at: blockSite(d), al2: read ? al2 : al2.map((x) => ({ ...x, why: `${x.why} (nothing here reads it: delete it)`, maybe: true })) });
  }
  for (const type of ['kubectl_manifest', 'kubernetes_manifest', 'helm_release']) {
    for (const r of inst.resources(type)) {
      const what = `${type}.${r.name}`;
      const found: { kinds: string[]; signs: Al2Sign[] } = { kinds: [], signs: [] };
      const add = (x: { kinds: string[]; signs: Al2Sign[] }) => {
        found.kinds.push(...x.kinds);
        found.signs.push(...x.signs);
      };
      for (const attrName of ['yaml_body', 'manifest', 'values']) {
        const a = attrOf(r.block, attrName);
        if (!a) continue;
        const exprs = a.value.type === 'tuple' ? a.value.items : [a.value];
        for (const e of exprs) {
          const t = textOf(e, r);
          if (t && /EC2NodeClass|AWSNodeTemplate/.test(t)) add(karpenterTextSigns(t));
          else if (e.type === 'call' || e.type === 'object' || e.type === 'variable' || e.type === 'attr') add(karpenterObjectSigns(r.evaluate(e)));
        }
      }
      if (found.kinds.length) nodes.push({ kind: 'karpenter', what: `${what} (${found.kinds.join(', ')})`, at: blockSite(r), al2: found.signs });
    }
  }
  for (const r of inst.resources('aws_eks_addon')) {
    const name = r.attr('addon_name')?.map((x) => scalarText(x.val)).find(Boolean);
    const v = r.attr('addon_version');
    if (!name || !v) continue;
    addons.push({ addon: name, what: `aws_eks_addon.${r.name}${r.key !== undefined ? `["${r.key}"]` : ''}`, at: blockSite(r), version: v, use: useOf(r, 'addon_version') });
  }
  return { clusters, nodes, addons, autoscaler };
}

/** The clusters of one root in one environment, each with the node definitions and add-ons that belong to it. */
export function clustersOf(graph: Graph, root: Root, env: Environment): Cluster[] {
  const tree = graph.instance(root, env).tree();
  const scans = new Map(tree.map((i) => [i, scanInstance(i, root, env)] as const));
  const all = [...scans.values()].flatMap((s) => s.clusters);
  const owner = (inst: Instance): Cluster | undefined => {
    for (let i: Instance | undefined = inst; i; i = i.parent) {
      const own = scans.get(i)?.clusters ?? [];
      if (own.length === 1) return own[0];
      if (own.length > 1) return undefined;
    }
    return all.length === 1 ? all[0] : undefined;
  };
  for (const [inst, s] of scans) {
    const c = owner(inst);
    if (!c) continue;
    c.nodes.push(...s.nodes);
    c.addons.push(...s.addons);
    c.autoscaler.push(...s.autoscaler);
  }
  return all;
}

/** Every AL2 sign of a cluster (any node definition, any alternative). */
export const al2Signs = (c: Cluster, mode?: 'blue-green' | 'in-place'): Al2Sign[] => c.nodes.filter((n) => !n.createdFirst || mode === 'blue-green').flatMap((n) => n.al2.filter((s) => !s.maybe).map((s) => ({ ...s, why: s.why.startsWith(n.what) ? s.why : `${n.what}: ${s.why}` })));

/** The estate of a run: clusters per root and environment, built on demand from the graph. */
export class Estate {
  private readonly memo = new Map<Root, Cluster[]>();

  constructor(readonly graph: Graph) {}

  clustersOfRoot(root: Root): Cluster[] {
    let c = this.memo.get(root);
    if (!c) this.memo.set(root, (c = root.environments.flatMap((env) => clustersOf(this.graph, root, env))));
    return c;
  }

  /** The clusters whose evaluation reads `file` (every root and environment that does). */
  clustersReading(file: string): Cluster[] {
    return this.graph.rootsReading(file).flatMap((r) => this.clustersOfRoot(r));
  }

  /**
   * The image of the launch template whose block holds `offset` of `file` (or whose user_data reads `local`, a local
   * of the folder, or renders `file` with templatefile()), else of the cluster's node group entry that holds it, in
   * every root and environment that evaluates it (`keyStarts`: where the keys of the map entries around the offset
   * start, for an entry whose node definition is placed at its key): whether it is an AL2 EKS image, and the Kubernetes minors its SSM parameter or AMI name names
   * (none when they are not known). Undefined when no launch template holds the offset.
   */
  /** The launch templates whose templatefile() call renders `file`: each with whether it names its own image. */
  templateLaunchTemplates(file: string): Array<{ name: string; file: string; image: boolean }> {
    const out: Array<{ name: string; file: string; image: boolean }> = [];
    for (const r of this.graph.templateReaders(file)) {
      for (const lt of r.inst.resources('aws_launch_template')) {
        if (lt.file !== r.at.file || r.at.range[0] < lt.block.range[0] || r.at.range[0] >= lt.block.range[1]) continue;
        out.push({ name: lt.name, file: lt.file, image: !!lt.attr('image_id') });
      }
    }
    return out;
  }

  launchTemplateImageAt(file: string, offset: number, local?: string, keyStarts: readonly number[] = []): { al2: boolean; minors: string[] } | undefined {
    let found = false;
    let al2 = false;
    const minors = new Set<string>();
    // user data kept in a local of the folder: the launch templates whose user_data reads it
    const readsLocal = (lt: BlockInstance) => {
      const ud = local ? attrOf(lt.block, 'user_data') : undefined;
      return !!ud && new RegExp(`\\blocal\\.${local}\\b`).test((this.graph.project.text(lt.file) ?? '').slice(ud.range[0], ud.range[1]));
    };
    for (const inst of this.graph.instancesOf(path.dirname(file))) {
      for (const lt of inst.resources('aws_launch_template')) {
        if (!(lt.file === file && offset >= lt.block.range[0] && offset < lt.block.range[1]) && !readsLocal(lt)) continue;
        found = true;
        if (launchTemplateSigns(lt, '').length) al2 = true;
        for (const m of imageMinors(lt.attr('image_id'), lt.inst)) minors.add(m);
      }
    }
    // a template file: the launch templates whose templatefile() call renders it
    if (!found && !/\.tf$/.test(file)) {
      for (const r of this.graph.templateReaders(file)) {
        for (const lt of r.inst.resources('aws_launch_template')) {
          if (lt.file !== r.at.file || r.at.range[0] < lt.block.range[0] || r.at.range[0] >= lt.block.range[1]) continue;
          found = true;
          if (launchTemplateSigns(lt, '').length) al2 = true;
          for (const m of imageMinors(lt.attr('image_id'), lt.inst)) minors.add(m);
        }
      }
    }
    // a node group entry of a cluster (terraform-aws-eks maps, aws_eks_node_group) with AL2 signs of its own
    if (!found) {
      for (const c of this.clustersReading(file)) {
        for (const n of c.nodes) {
          const holds = (offset >= n.at.range[0] && offset < n.at.range[1]) || keyStarts.includes(n.at.range[0]);
          if (n.at.file !== file || !holds || n.kind === 'karpenter') continue;
          found = true;
          if (n.al2.length) al2 = true;
        }
      }
    }
    return found ? { al2, minors: [...minors] } : undefined;
  }

  /** The clusters a module instance belongs to (its own, an ancestor's, or its root's only one). */
  clustersOfInstance(inst: Instance): Cluster[] {
    return this.clustersOfRoot(inst.root).filter((c) => c.env === inst.env && (c.inst === inst || c.nodes.some((n) => n.at.file.startsWith(inst.dir + path.sep)) || isAncestor(c.inst, inst) || isAncestor(inst, c.inst)));
  }
}

const isAncestor = (a: Instance, b: Instance): boolean => {
  for (let i: Instance | undefined = b.parent; i; i = i.parent) if (i === a) return true;
  return false;
};

/** The literal sites a value's alternatives come from. */
export const sitesOf = (alts: Alts | undefined): Site[] => (alts ?? []).flatMap((a) => (a.val.kind !== 'unknown' && a.val.kind !== 'object' && a.val.kind !== 'tuple' && a.val.site ? [a.val.site] : []));

export const sameSite = (a: Site | undefined, b: Site | undefined): boolean => !!a && !!b && a.file === b.file && a.range[0] === b.range[0] && a.range[1] === b.range[1];

export type { Alt, Val };
export { siteText };

/** The versions the clusters that read a place are written at (each known value once), and where they are written. */
export interface VersionsHere {
  readonly values: readonly string[];
  readonly sites: readonly Site[];
  /** Some reader's version is not known. */
  readonly unknown: boolean;
}

/**
 * The cluster versions in force where `file` is read: a module's file, the clusters of the instances of its folder
 * (the cluster whose block holds `offset`, when one does); a .tfvars or Terragrunt file, the clusters of the roots
 * that read it; a template, the clusters of the modules that render it. Undefined when no cluster of the graph
 * reads the file.
 */
export function versionsAt(estate: Estate, file: string, offset?: number): VersionsHere | undefined {
  const g = estate.graph;
  let clusters: Cluster[];
  if (/\.tf$/.test(file)) {
    const insts = g.instancesOf(path.dirname(file));
    const own = insts.flatMap((i) => estate.clustersOfInstance(i).filter((c) => c.inst === i && c.at.file === file && offset !== undefined && c.at.range[0] <= offset && offset < c.at.range[1]));
    clusters = own.length ? own : insts.flatMap((i) => estate.clustersOfInstance(i));
  } else if (/\.(tfvars(\.json)?|hcl)$/.test(file)) {
    clusters = estate.clustersReading(file).filter((c) => !/\.tfvars/.test(file) || c.env.files.includes(file));
  } else {
    clusters = g.templateReaders(file).flatMap((t) => estate.clustersOfInstance(t.inst));
  }
  if (!clusters.length) return undefined;
  const values = new Set<string>();
  const sites: Site[] = [];
  let unknown = false;
  for (const c of clusters) {
    if (!c.version.length) unknown = true;
    for (const a of c.version) {
      const v = a.val.kind === 'string' ? a.val.value : a.val.kind === 'number' ? a.val.raw : undefined;
      if (v === undefined) unknown = true;
      else values.add(v);
      if ((a.val.kind === 'string' || a.val.kind === 'number') && a.val.site) sites.push(a.val.site);
    }
  }
  return { values: [...values], sites, unknown };
}
