/**
 * al2023-nodes in Terraform: aws_eks_node_group + aws_launch_template, and terraform-aws-eks node group maps.
 * - a managed group on an EKS AMI (ami_type AL2_*): a new group beside it (blue/green), or in place on request;
 * - a launch template whose image is an AL2 EKS AMI (custom AMI, self-managed): converted in place;
 * - terraform-aws-eks entries: bootstrap_extra_args / pre_bootstrap_user_data → cloudinit_pre_nodeadm.
 */
import * as path from 'path';
import type { RuleContext } from '../../src/eks/context';
import { hclKeyedValues } from '../../src/eks/pins';
import { AL2023_AMI_TYPE, AL2023_SSM_PATH, AL2_AMI_NAME, AL2_BOOTSTRAP_INPUTS, AL2_SSM, AL2_SSM_ANY, AMI_CHOICE, managedNamePrefixed, AWS_PROVIDER_AL2023, constraintBelow, hclAl2Nodes, mayRunAl2, selfManagedDefaultAl2, terraformAwsEksHasAl2023, terraformAwsEksMajor } from '../../src/eks/al2';
import { al2Only, convertUserData, firstBootstrapCall, kernelBuilds, mentionsAl2Bootstrap, preBootstrapKubelet, NODECONFIG_TYPE, nodeConfigYaml, SHELL_TYPE, translateArgs, type Conversion, type Note, userDataText } from '../../src/eks/nodeadm';
import { parseHclTreeTolerantSync } from '../../src/parsers/hcl';
import { asString, blockAttribute, blockAttributes, blockHeader, children, type HclNode, type HclString, keyName, objectElems, simpleReference, subBlocks, topBlocks, unwrap, valueOf } from '../../src/parsers/hcl';
import type { Edit, Range } from '../../src/util/range';
import { entryLines, eolOf, lineEndOf, lineStartOf } from '../../src/util/text';
import { hclTextSites } from '../../src/eks/sites';
import { parseYaml, scalarText, valueAt } from '../../src/parsers/yaml';
import { karpenterTemplate } from './template';
import { copyWithEdits, dedent, indentLines, reportNotes } from './text';
import { karpenter, KARPENTER_KINDS } from './yaml';

const SUFFIX = 'al2023';

interface Tf {
  readonly ctx: RuleContext;
  readonly text: string;
  readonly eol: string;
  readonly inPlace: boolean;
  readonly resources: Map<string, HclNode>; // "type.name"
  readonly data: Map<string, HclNode>;
  /** The folder's one literal service CIDR (service_ipv4_cidr), when every file that writes one agrees. */
  cidr?: string;
  /** The other files of the folder, parsed on first use (withSiblings), and how to free their trees. */
  siblings?: readonly Sibling[];
  freeSiblings?: () => void;
}

/**
 * The blocks of a Terraform file, by "type.name": resources and data sources, and every resource in order (a name
 * written twice, which Terraform refuses, still has each of its blocks there).
 */
function blocksOf(root: HclNode): { resources: Map<string, HclNode>; data: Map<string, HclNode>; ordered: Array<[string, HclNode]> } {
  const resources = new Map<string, HclNode>();
  const data = new Map<string, HclNode>();
  const ordered: Array<[string, HclNode]> = [];
  for (const b of topBlocks(root)) {
    const h = blockHeader(b);
    const key = `${h.labels[0]}.${h.labels[1]}`;
    if (h.type === 'resource' && h.labels.length === 2) {
      resources.set(key, b);
      ordered.push([key, b]);
    }
    if (h.type === 'data' && h.labels.length === 2) data.set(key, b);
  }
  return { resources, data, ordered };
}

/** `tf` with a context whose findings go nowhere (a check of what the rule would do, or another file's pass). */
const quiet = (tf: Tf): Tf => ({ ...tf, ctx: Object.assign(Object.create(tf.ctx) as RuleContext, { report: () => undefined }) });

interface Sibling {
  readonly file: string;
  readonly tf: Tf;
  readonly root: HclNode;
}

/**
 * The other .tf files of this file's folder that hold launch templates, node groups or image data sources, parsed
 * once per pass (freed by `freeSiblings` when the pass ends), each as a quiet Tf: what the rule would find there is
 * not reported from here; that file's own pass reports it.
 */
async function withSiblings<T>(tf: Tf, fn: (sibs: readonly Sibling[]) => T): Promise<T> {
  if (!tf.siblings) {
    const own = tf.ctx.file.absPath;
    const texts = (await tf.ctx.folder()).tfTexts().filter((t) => t.file !== own && /aws_launch_template|aws_eks_node_group|data\s+"aws_(ssm_parameter|ami)"/.test(t.text));
    const trees = texts.map((t) => ({ file: t.file, text: t.text, tree: parseHclTreeTolerantSync(t.text) }));
    const ctx = quiet(tf).ctx;
    tf.siblings = trees.map((t) => {
      const root = t.tree.rootNode as unknown as HclNode;
      const { resources, data } = blocksOf(root);
      return { file: t.file, root, tf: { ctx, text: t.text, eol: eolOf(t.text), inPlace: tf.inPlace, resources, data, cidr: tf.cidr } };
    });
    tf.freeSiblings = () => trees.forEach((t) => t.tree.delete());
  }
  return fn(tf.siblings);
}

const literal = (n: HclNode | undefined, text: string): { value: string; s: HclString } | undefined => {
  const s = n && asString(valueOf(n), text);
  return s && !s.templated ? { value: s.view.text, s } : undefined;
};
/**
 * The edit that adds `add` to the end of a name attribute's value (a copy must not take the same name): inside a
 * quoted string, literal or templated; an expression is wrapped (`"${var.name}-al2023"`). Undefined without one.
 */
function suffixEdit(node: HclNode | undefined, text: string, add: string): Edit | undefined {
  const v = node && valueOf(node);
  if (!v) return undefined;
  const s = asString(v, text);
  if (s && s.kind === 'quoted') return { range: [s.content[1], s.content[1]], text: add };
  if (s) return undefined; // a heredoc name: left to the reader
  return { range: [v.startIndex, v.endIndex], text: `"\${${text.slice(v.startIndex, v.endIndex).trim()}}${add}"` };
}

const firstLine = (text: string, n: HclNode): Range => [n.startIndex, Math.max(n.startIndex, lineEndOf(text, n.startIndex) - 1)];

/** The user data string of a launch template: a heredoc or quoted string, bare or inside base64encode(…). */
function userDataOf(lt: HclNode, text: string): { attr: HclNode; str?: HclString; cloudinit?: string } | undefined {
  const a = blockAttribute(lt, 'user_data');
  if (!a) return undefined;
  let v = unwrap(valueOf(a));
  const ci = /^data\.cloudinit_config\.([\w-]+)\.rendered$/.exec(v?.text.trim() ?? '');
  if (ci) return { attr: a, cloudinit: ci[1] };
  if (v?.type === 'function_call' && v.child(0)?.text === 'base64encode') {
    const args = children(v).find((c) => c.type === 'function_arguments');
    const named = args ? args.namedChildren.filter((c): c is HclNode => !!c) : [];
    v = named.length === 1 ? unwrap(named[0]) : undefined;
  }
  return { attr: a, str: v ? asString(v, text) : undefined };
}

/** The text a user data string holds (a `<<-` heredoc without its indentation), with a map back to file offsets. */
function stringText(str: HclString, text: string): { text: string; toFile(i: number): number; indent: string } {
  if (str.kind === 'heredoc' && /^<<-/.test(str.node.text)) {
    const d = dedent(text.slice(str.content[0], str.content[1]));
    return { text: d.text, toFile: (i) => str.content[0] + d.toRaw(i), indent: d.indent };
  }
  return { text: str.view.text.replace(/\r\n/g, '\n'), toFile: (i) => str.view.toRaw(i), indent: '' };
}

/** The edit that writes `body` as the user data string (a heredoc keeps its form; a quoted string becomes one). */
function writeString(tf: Tf, str: HclString, body: string, indent: string): Edit {
  if (str.kind === 'heredoc') {
    const dash = /^<<-/.test(str.node.text);
    return { range: [str.content[0], str.content[1]], text: indentLines(body, dash ? indent || '    ' : '', tf.eol) };
  }
  const col = str.node.startIndex - lineStartOf(tf.text, str.node.startIndex);
  const base = ' '.repeat(Math.max(0, col - (tf.text.slice(lineStartOf(tf.text, str.node.startIndex), str.node.startIndex).trimStart().length)));
  return { range: [str.node.startIndex, str.node.endIndex], text: `<<-EOT${tf.eol}${indentLines(body, `${base}    `, tf.eol)}${base}  EOT${tf.eol}${base}` };
}

/** `aws_launch_template.NAME` a node group's launch_template block points at. */
function launchTemplateOf(group: HclNode): { name: string; refs: HclNode[] } | undefined {
  const lt = subBlocks(group, 'launch_template')[0];
  if (!lt) return undefined;
  const refs = blockAttributes(lt).filter((a) => /^(id|name)$/.test(keyName(a) ?? ''));
  for (const r of refs) {
    const m = /^aws_launch_template\.([\w-]+)\.(id|name)$/.exec(unwrap(valueOf(r))?.text.trim() ?? '');
    if (m) return { name: m[1], refs: blockAttributes(lt) };
  }
  return undefined;
}

/** `data.aws_ssm_parameter.X.value` / `data.aws_ami.X.id` (in nonsensitive() or not) as an image_id: [, type, name]. */
const imageData = (v: HclNode | undefined) =>
  /^(?:nonsensitive\()?data\.(aws_ssm_parameter|aws_ami)\.([\w-]+)\.(?:value|insecure_value|id|image_id)\)?$/.exec(v?.text.trim() ?? '');

/**
 * The edit that moves an AL2 SSM parameter path in `str` to its AL2023 form. `re` is AL2_SSM, or AL2_SSM_ANY for a
 * string whose minor a template writes; the AL2 part of the path must be literal text.
 */
function moveSsm(str: HclString, re: RegExp = AL2_SSM): { edit: Edit; what: string } | undefined {
  const m = re.exec(str.view.text);
  if (!m || /[${}]/.test(m[2])) return undefined;
  const at = (m.index ?? 0) + m[0].length - m[2].length - 1;
  return { edit: { range: [str.view.toRaw(at), str.view.toRaw(at + m[2].length)] as Range, text: AL2023_SSM_PATH[m[2]] }, what: m[0] };
}

/** Where a launch template's image comes from, when it is an AL2 EKS AMI: the edit that moves it to AL2023. */
function al2Image(tf: Tf, lt: HclNode): { edit: Edit; what: string } | undefined {
  const a = blockAttribute(lt, 'image_id');
  if (!a) return undefined;
  const v = unwrap(valueOf(a));
  const s = v && asString(v, tf.text);
  if (s) return s.view.text.startsWith('resolve:ssm:') ? moveSsm(s) : undefined;
  const ref = imageData(v);
  return ref ? al2ImageOfData(tf, ref[1], ref[2]) : undefined;
}

/** A data source of this file (aws_ssm_parameter / aws_ami) that gives an AL2 EKS AMI: the edit that moves it to AL2023. */
function al2ImageOfData(tf: Tf, type: string, name: string): { edit: Edit; what: string } | undefined {
  const d = tf.data.get(`${type}.${name}`);
  if (!d) return undefined;
  if (type === 'aws_ssm_parameter') {
    const n = asString(valueOf(blockAttribute(d, 'name') ?? d), tf.text);
    if (!n) return undefined;
    // a minor written by a template follows the cluster: only the AL2 part of the path must be literal
    return moveSsm(n, n.templated ? AL2_SSM_ANY : AL2_SSM);
  }
  for (const f of subBlocks(d, 'filter')) {
    if (literal(blockAttribute(f, 'name'), tf.text)?.value !== 'name') continue;
    const vals = unwrap(valueOf(blockAttribute(f, 'values') ?? f));
    for (const c of vals ? [vals, ...vals.descendantsOfType(['string_lit', 'quoted_template', 'template_literal'])] : []) {
      const str = c && asString(c, tf.text);
      const m = str && AL2_AMI_NAME.exec(str.view.text);
      if (!str || !m) continue;
      const arch = m[1] === 'arm64-' ? 'arm64-standard' : m[1] === 'gpu-' ? 'x86_64-nvidia' : 'x86_64-standard';
      const at = m.index ?? 0;
      return { edit: { range: [str.view.toRaw(at), str.view.toRaw(at + m[0].length)], text: `amazon-eks-node-al2023-${arch}-${m[2]}-` }, what: m[0] };
    }
  }
  return undefined;
}

/** `image_id` of a launch template, when it is `data.TYPE.NAME.value|id`: [type, name]. */
function imageRef(lt: HclNode): [string, string] | undefined {
  const a = blockAttribute(lt, 'image_id');
  const ref = a && imageData(unwrap(valueOf(a)));
  return ref ? [ref[1], ref[2]] : undefined;
}

/**
 * A launch template whose image comes from an AL2 data source in another .tf file of its folder (ami.tf beside
 * lt.tf): converted in place when its user data converts; the data source's own pass moves the image (the same
 * decision, taken from both files: see dataForSiblings).
 */
async function customAmiSplit(tf: Tf, lt: HclNode, name: string, managed: boolean): Promise<boolean> {
  const ref = imageRef(lt);
  if (!ref || tf.data.has(`${ref[0]}.${ref[1]}`)) return false;
  const found = await withSiblings(tf, (sibs) => {
    for (const sib of sibs) {
      if (!sib.tf.data.has(`${ref[0]}.${ref[1]}`)) continue;
      const image = al2ImageOfData(sib.tf, ref[0], ref[1]);
      return image ? { image, file: sib.file, ok: usersConvert(sib.tf, sibs, ref, tf) } : undefined;
    }
    return undefined;
  });
  if (!found) return false;
  const source = `data.${ref[0]}.${ref[1]}`;
  const headline = firstLine(tf.text, lt);
  const c = convertLaunchTemplate(tf, lt, { clusterFields: true, managed });
  if (c.status === 'none' || c.status === 'unchanged') tf.ctx.report({ range: headline, severity: 'manual', messageId: 'customNoBootstrap', data: { lt: name } });
  const a = blockAttribute(lt, 'image_id')!;
  if (c.status !== 'converted' || !c.edits) {
    // its own user data cannot move (the findings beside this one say why): neither does the image
    tf.ctx.report({ range: [a.startIndex, a.endIndex], severity: 'manual', messageId: 'imageElsewhere', data: { lt: `aws_launch_template.${name}`, source, file: path.basename(found.file) } });
    return true;
  }
  if (!found.ok) {
    // another launch template takes the same image and cannot move: the image stays, so does this user data
    tf.ctx.report({ range: [a.startIndex, a.endIndex], severity: 'manual', messageId: 'imageShared', data: { lt: `aws_launch_template.${name}`, source, file: path.basename(found.file) } });
    return true;
  }
  tf.ctx.report({ range: headline, messageId: 'customInPlaceSplit', data: { lt: `aws_launch_template.${name}`, image: found.image.what, source, file: path.basename(found.file) }, fix: c.edits });
  imds(tf, lt, name);
  if (c.conversion) reportNotes(tf.ctx, c.conversion.notes, undefined, headline, ['warning', 'info']);
  return true;
}

/**
 * Every launch template of the folder that takes its image from data source `ref` converts (its user data becomes a
 * NodeConfig): only then does the image move. `files` are the quiet Tfs of the other files, `own` this file's.
 */
function usersConvert(dataTf: Tf, sibs: readonly Sibling[], ref: readonly [string, string], own?: Tf): boolean {
  const all = [...sibs.map((x) => x.tf), ...(own ? [own] : []), dataTf].filter((t, i, a) => a.indexOf(t) === i);
  let users = 0;
  for (const t of all) {
    const q = t === own || t === dataTf ? quiet(t) : t;
    for (const [key, lt] of t.resources) {
      if (!key.startsWith('aws_launch_template.')) continue;
      const r = imageRef(lt);
      if (!r || r[0] !== ref[0] || r[1] !== ref[1]) continue;
      users++;
      if (convertLaunchTemplate(q, lt, { clusterFields: true, managed: true }).status !== 'converted') return false;
    }
  }
  return users > 0;
}

/**
 * Data sources of this file that give an AL2 EKS AMI to launch templates in other files of the folder only: the
 * image moves to AL2023 when every such launch template's user data converts (their own pass writes the NodeConfig).
 */
async function dataForSiblings(tf: Tf): Promise<void> {
  for (const [key, d] of tf.data) {
    const [type, name] = key.split('.');
    if (type !== 'aws_ssm_parameter' && type !== 'aws_ami') continue;
    // a launch template of this file that takes it: the in-file conversion moves the image
    if ([...tf.resources.values()].some((r) => { const x = imageRef(r); return x && x[0] === type && x[1] === name; })) continue;
    const image = al2ImageOfData(tf, type, name);
    if (!image) continue;
    const users = await withSiblings(tf, (sibs) => {
      const names = sibs.flatMap((sib) => [...sib.tf.resources].filter(([k, lt]) => k.startsWith('aws_launch_template.') && imageRef(lt)?.join('.') === key).map(([k]) => `${k} (${path.basename(sib.file)})`));
      return names.length && usersConvert(tf, sibs, [type, name]) ? names : [];
    });
    if (!users.length) continue;
    tf.ctx.report({ range: [d.startIndex, Math.max(d.startIndex, lineEndOf(tf.text, d.startIndex) - 1)], messageId: 'imageMoved', data: { source: `data.${key}`, image: image.what, lts: users.join(', ') }, fix: image.edit });
  }
}

/**
 * A launch template whose image comes from an AL2 data source in another file of its folder: the image and the user
 * data must move together (an AL2023 image with bootstrap.sh user data, or the reverse, fails to join), and one run
 * writes each file on its own, so it is reported for a change by hand.
 */
async function al2ImageElsewhere(tf: Tf, lt: HclNode, name: string): Promise<void> {
  const a = blockAttribute(lt, 'image_id');
  const ref = a && imageData(unwrap(valueOf(a)));
  if (!ref || tf.data.has(`${ref[1]}.${ref[2]}`)) return;
  const source = `data.${ref[1]}.${ref[2]}`;
  const own = tf.ctx.file.absPath;
  const node = (await tf.ctx.folder()).al2Scan().nodes.find((n) => n.what === source && n.file !== own);
  if (!node) return;
  tf.ctx.report({ range: [a.startIndex, a.endIndex], severity: 'manual', messageId: 'imageElsewhere', data: { lt: `aws_launch_template.${name}`, source, file: path.basename(node.file) } });
}

/**
 * Terragrunt `inputs` that give a module AL2 node groups or images (terraform-aws-eks through `terraform.source`):
 * the entries are the module's, whose version and defaults live elsewhere, so each is reported for a change by hand.
 */
function terragruntInputs(tf: Tf, root: HclNode): void {
  const inputs = blockAttribute(root, 'inputs');
  if (!inputs) return;
  for (const n of hclAl2Nodes(inputs, tf.text)) {
    tf.ctx.report({ range: n.range, severity: 'manual', messageId: 'terragrunt', data: { what: n.what } });
  }
}

/** The cluster's service CIDR when the file writes exactly one. */
function serviceCidr(text: string): string | undefined {
  const all = [...text.matchAll(/service_ipv4_cidr\s*=\s*"([0-9.]+\/\d+)"/g)].map((m) => m[1]);
  return new Set(all).size === 1 ? all[0] : undefined;
}

/**
 * The service CIDR for a NodeConfig: the file's (or folder's) one literal service_ipv4_cidr; else, when the user data
 * names one aws_eks_cluster, that cluster's exported service range (computed by EKS when the cluster sets none).
 */
function cidrFor(tf: Tf, userData: string): string | undefined {
  const own = serviceCidr(tf.text) ?? tf.cidr;
  if (own) return own;
  const clusters = new Set([...userData.matchAll(/\baws_eks_cluster\.([\w-]+)\./g)].map((m) => m[1]));
  return clusters.size === 1 ? `\${aws_eks_cluster.${[...clusters][0]}.kubernetes_network_config[0].service_ipv4_cidr}` : undefined;
}

type LtStatus = 'none' | 'opaque' | 'unchanged' | 'failed' | 'converted';
interface LtConversion {
  readonly status: LtStatus;
  readonly edits?: Edit[];
  readonly conversion?: Conversion;
  /** The user data is a data.cloudinit_config of this file (its parts were edited). */
  readonly cloudinit?: string;
}

/**
 * A data.cloudinit_config's parts: the shell part that calls bootstrap.sh keeps its steps before the call, and a
 * NodeConfig part (and a part for the steps after the call) follows it.
 */
function convertCloudinit(tf: Tf, name: string, attr: HclNode, o: { clusterFields: boolean; managed: boolean }): LtConversion {
  const d = tf.data.get(`cloudinit_config.${name}`);
  const at: Range = [attr.startIndex, attr.endIndex];
  if (!d) {
    tf.ctx.report({ range: at, severity: 'manual', messageId: 'userDataNotLiteral', data: { lt: `(data.cloudinit_config.${name}, not in this file)` } });
    return { status: 'opaque' };
  }
  const edits: Edit[] = [];
  let last: Conversion | undefined;
  for (const part of subBlocks(d, 'part')) {
    const content = blockAttribute(part, 'content');
    const str = content && asString(valueOf(content), tf.text);
    const type = literal(blockAttribute(part, 'content_type'), tf.text)?.value ?? 'text/plain';
    if (!str) {
      if (content && (mentionsAl2Bootstrap(tf.text.slice(content.startIndex, content.endIndex)) || /\b(file|templatefile)\(/.test(tf.text.slice(content.startIndex, content.endIndex)))) {
        tf.ctx.report({ range: [content.startIndex, content.endIndex], severity: 'manual', messageId: 'userDataNotLiteral', data: { lt: `(a part of data.cloudinit_config.${name})` } });
        return { status: 'opaque' };
      }
      continue;
    }
    if (!/x-shellscript/.test(type) || /%\{/.test(tf.text.slice(str.content[0], str.content[1]))) continue;
    const st = stringText(str, tf.text);
    const c = convertUserData(st.text, { templated: true, clusterFields: o.clusterFields, managed: o.managed, cidr: cidrFor(tf, st.text) });
    if (!c.parts) {
      reportNotes(tf.ctx, c.notes, st.toFile, at, ['manual']);
      return { status: 'failed', conversion: c };
    }
    if (!c.changed) continue;
    last = c;
    const indent = tf.text.slice(lineStartOf(tf.text, part.startIndex), part.startIndex);
    const block = (p: { type: string; body: string }) =>
      `${indent}part {${tf.eol}${indent}  content_type = "${p.type}"${tf.eol}${indent}  content      = <<-EOT${tf.eol}${indentLines(p.body, `${indent}    `, tf.eol)}${indent}  EOT${tf.eol}${indent}}`;
    const [firstPart, ...rest] = c.parts;
    const ownShell = firstPart?.type === SHELL_TYPE;
    if (ownShell) edits.push(writeString(tf, str, firstPart.body, st.indent));
    const added = (ownShell ? rest : c.parts).map(block);
    if (!ownShell) {
      // no steps before the call: the part becomes the NodeConfig
      edits.push({ range: [lineStartOf(tf.text, part.startIndex), part.endIndex], text: added.join(`${tf.eol}${tf.eol}`) });
    } else if (added.length) edits.push({ range: [part.endIndex, part.endIndex], text: `${tf.eol}${tf.eol}${added.join(`${tf.eol}${tf.eol}`)}` });
  }
  if (!last) return { status: 'unchanged', cloudinit: name };
  const gzip = literal(blockAttribute(d, 'gzip'), tf.text)?.value ?? unwrap(valueOf(blockAttribute(d, 'gzip') ?? d))?.text;
  if (gzip === 'true') tf.ctx.report({ range: [d.startIndex, d.startIndex], severity: 'warning', messageId: 'cloudinitGzip', data: { name } });
  return { status: 'converted', edits, conversion: last, cloudinit: name };
}

/**
 * User data of a launch template (a literal string or the shell parts of a data.cloudinit_config of this file) with
 * no bootstrap.sh call to convert: each line that configures kubelet the AL2 way (KUBELET_EXTRA_ARGS, edits of
 * kubelet-config.json or bootstrap.sh) is reported where it stands, with the NodeConfig field it stands for.
 */
function al2LinesOf(tf: Tf, lt: HclNode, fallback: Range): void {
  const ud = userDataOf(lt, tf.text);
  if (!ud) return;
  const strings: HclString[] = [];
  if (ud.str) strings.push(ud.str);
  const d = ud.cloudinit ? tf.data.get(`cloudinit_config.${ud.cloudinit}`) : undefined;
  for (const part of d ? subBlocks(d, 'part') : []) {
    const content = blockAttribute(part, 'content');
    const str = content && asString(valueOf(content), tf.text);
    if (str) strings.push(str);
  }
  for (const str of strings) {
    const st = stringText(str, tf.text);
    reportNotes(tf.ctx, al2Only(st.text).map((n) => ({ ...n, text: `${n.text} (the AL2023 nodes of this launch template)` })), st.toFile, fallback, ['manual']);
  }
}

/** Converts a launch template's user data: the edits, or findings saying why not. */
function convertLaunchTemplate(tf: Tf, lt: HclNode, o: { clusterFields: boolean; managed: boolean }): LtConversion {
  const ud = userDataOf(lt, tf.text);
  if (!ud) return { status: 'none' };
  const label = blockHeader(lt).labels[1] ?? '?';
  if (ud.cloudinit) return convertCloudinit(tf, ud.cloudinit, ud.attr, o);
  if (!ud.str) {
    tf.ctx.report({ range: [ud.attr.startIndex, ud.attr.endIndex], severity: 'manual', messageId: 'userDataNotLiteral', data: { lt: label } });
    return { status: 'opaque' };
  }
  if (/%\{/.test(tf.text.slice(ud.str.content[0], ud.str.content[1]))) {
    tf.ctx.report({ range: [ud.attr.startIndex, ud.attr.endIndex], severity: 'manual', messageId: 'userDataDirectives', data: { lt: label } });
    return { status: 'opaque' };
  }
  const st = stringText(ud.str, tf.text);
  const c = convertUserData(st.text, { templated: true, clusterFields: o.clusterFields, managed: o.managed, cidr: cidrFor(tf, st.text) });
  if (!c.parts) {
    reportNotes(tf.ctx, c.notes, st.toFile, [ud.attr.startIndex, ud.attr.endIndex], ['manual']);
    return { status: 'failed', conversion: c };
  }
  if (!c.changed) return { status: 'unchanged', conversion: c };
  return { status: 'converted', edits: [writeString(tf, ud.str, userDataText(c), st.indent)], conversion: c };
}

const exists = (tf: Tf, type: string, name: string) => tf.resources.has(`${type}.${name}`);

/** Edits that rename a resource block's label. */
function relabel(block: HclNode, name: string): Edit | undefined {
  const label = children(block).filter((c) => c.type === 'string_lit')[1];
  return label && { range: [label.startIndex, label.endIndex], text: `"${name}"` };
}

function insertAfter(tf: Tf, block: HclNode, copy: string, comment: string): Edit {
  return { range: [block.endIndex, block.endIndex], text: `${tf.eol}${tf.eol}# ${comment}${tf.eol}${copy}` };
}

/** A managed node group on an EKS AMI (ami_type AL2_*). */
function managedOnEksAmi(tf: Tf, g: HclNode, name: string, amiType: { value: string; s: HclString }) {
  const instanceTypes = unwrap(valueOf(blockAttribute(g, 'instance_types') ?? g))?.text ?? '';
  const neuron = amiType.value === 'AL2_x86_64_GPU' && /"(inf|trn)\d/.test(instanceTypes);
  const newType = neuron ? 'AL2023_x86_64_NEURON' : AL2023_AMI_TYPE[amiType.value];
  const ltRef = launchTemplateOf(g);
  const lt = ltRef && tf.resources.get(`aws_launch_template.${ltRef.name}`);
  const headline = firstLine(tf.text, g);
  if (ltRef && !lt) {
    tf.ctx.report({ range: headline, severity: 'manual', messageId: 'ltElsewhere', data: { group: name, lt: ltRef.name } });
    return;
  }
  const newName = `${name}_${SUFFIX}`;
  const createdFirst = groupCreatedFirst(tf, g);
  const inPlace = tf.inPlace || (createdFirst && tf.ctx.options.al2023 !== 'blue-green');
  if (!inPlace && exists(tf, 'aws_eks_node_group', newName)) {
    tf.ctx.report({ range: headline, severity: 'manual', messageId: 'drainOld', data: { group: `aws_eks_node_group.${name}`, replacement: `aws_eks_node_group.${newName}`, nodes: `eks.amazonaws.com/nodegroup=${nodeGroupName(tf, g, name)}` } });
    return;
  }
  // the launch template's user data: EKS bootstraps the node and injects the cluster fields
  let ltEdits: Edit[] | undefined;
  let conversion: Conversion | undefined;
  if (lt) {
    const c = convertLaunchTemplate(tf, lt, { clusterFields: false, managed: true });
    if (c.status === 'failed') return; // manual findings said why
    if (c.status === 'converted' && c.cloudinit && !inPlace) {
      // the AL2 group keeps the data source; a copy of the launch template would need a copy of it too
      tf.ctx.report({ range: headline, severity: 'manual', messageId: 'cloudinitBlueGreen', data: { group: `aws_eks_node_group.${name}`, name: c.cloudinit } });
      return;
    }
    ltEdits = c.edits;
    conversion = c.conversion;
    // no bootstrap call to convert, but lines that configure kubelet the AL2 way: on AL2023 they do nothing
    if (c.status === 'unchanged' || c.status === 'none') al2LinesOf(tf, lt, headline);
  }
  if (neuron) tf.ctx.report({ range: [amiType.s.node.startIndex, amiType.s.node.endIndex], severity: 'warning', messageId: 'neuron', data: { group: name } });
  const typeEdit: Edit = { range: [amiType.s.content[0], amiType.s.content[1]], text: newType };
  if (inPlace) {
    if (createdFirst) tf.ctx.report({ range: headline, messageId: 'groupCreatedFirst', data: { group: `aws_eks_node_group.${name}`, from: amiType.value, type: newType }, fix: [typeEdit, ...(ltEdits ?? [])] });
    else {
      tf.ctx.report({ range: headline, severity: 'warning', messageId: 'inPlaceReplaces', data: { group: `aws_eks_node_group.${name}`, type: newType } });
      tf.ctx.report({ range: headline, messageId: 'switchedInPlace', data: { group: `aws_eks_node_group.${name}`, from: amiType.value, type: newType }, fix: [typeEdit, ...(ltEdits ?? [])] });
    }
    if (conversion) reportNotes(tf.ctx, conversion.notes, undefined, headline, ['warning', 'info']);
    return;
  }
  const edits: Edit[] = [typeEdit];
  const rl = relabel(g, newName);
  if (rl) edits.push(rl);
  for (const e of [suffixEdit(blockAttribute(g, 'node_group_name'), tf.text, `-${SUFFIX}`), suffixEdit(blockAttribute(g, 'node_group_name_prefix'), tf.text, `${SUFFIX}-`)]) if (e) edits.push(e);
  const rv = blockAttribute(g, 'release_version');
  const rvLines = rv && entryLines(tf.text, rv.startIndex, rv.endIndex);
  if (rvLines) edits.push({ range: rvLines, text: '' }); // an AL2 release: EKS picks the AL2023 one
  const fix: Edit[] = [];
  let newLt = ltRef?.name;
  if (lt && ltRef && ltEdits) {
    // the AL2 group keeps its launch template (a change would roll its nodes); the new group gets a copy
    newLt = exists(tf, 'aws_launch_template', `${ltRef.name}_${SUFFIX}`) ? `${ltRef.name}_${SUFFIX}_2` : `${ltRef.name}_${SUFFIX}`;
    const copyEdits: Edit[] = [...ltEdits];
    const r = relabel(lt, newLt);
    if (r) copyEdits.push(r);
    for (const e of [suffixEdit(blockAttribute(lt, 'name_prefix'), tf.text, `${SUFFIX}-`), suffixEdit(blockAttribute(lt, 'name'), tf.text, `-${SUFFIX}`)]) if (e) copyEdits.push(e);
    fix.push(insertAfter(tf, lt, copyWithEdits(tf.text, [lt.startIndex, lt.endIndex], copyEdits), `AL2023 launch template of aws_eks_node_group.${newName} (eks-migrate al2023-nodes)`));
    for (const a of ltRef.refs) {
      const v = valueOf(a);
      if (v && /aws_launch_template\./.test(v.text)) edits.push({ range: [v.startIndex, v.endIndex], text: v.text.replace(new RegExp(`aws_launch_template\\.${ltRef.name}\\b`, 'g'), `aws_launch_template.${newLt}`) });
    }
  }
  fix.push(insertAfter(tf, g, copyWithEdits(tf.text, [g.startIndex, g.endIndex], edits),
    `AL2023 replacement of aws_eks_node_group.${name} (eks-migrate al2023-nodes): apply, drain ${name}, then delete ${name} in a later change`));
  tf.ctx.report({ range: headline, messageId: 'blueGreen', data: { group: `aws_eks_node_group.${name}`, replacement: `aws_eks_node_group.${newName}`, type: newType, lt: newLt && newLt !== ltRef?.name ? ` with its own launch template aws_launch_template.${newLt} (user data as NodeConfig)` : '' }, fix });
  tf.ctx.report({ range: headline, severity: 'manual', messageId: 'drainOld', data: { group: `aws_eks_node_group.${name}`, replacement: `aws_eks_node_group.${newName}`, nodes: `eks.amazonaws.com/nodegroup=${nodeGroupName(tf, g, name)}` } });
  if (conversion) reportNotes(tf.ctx, conversion.notes, undefined, headline, ['warning', 'info']);
}

function nodeGroupName(tf: Tf, g: HclNode, name: string): string {
  return literal(blockAttribute(g, 'node_group_name'), tf.text)?.value ?? `${literal(blockAttribute(g, 'node_group_name_prefix'), tf.text)?.value ?? name}…`;
}

/** A launch template whose image is an AL2 EKS AMI (custom AMI or self-managed): converted in place, as AWS documents. */
function customAmiTemplate(tf: Tf, lt: HclNode, name: string, image: { edit: Edit; what: string }, managed: boolean) {
  const c = convertLaunchTemplate(tf, lt, { clusterFields: true, managed });
  const headline = firstLine(tf.text, lt);
  if (c.status === 'none' || c.status === 'unchanged') {
    // no bootstrap call to translate: a custom AMI needs the cluster fields in a NodeConfig
    tf.ctx.report({ range: headline, severity: 'manual', messageId: 'customNoBootstrap', data: { lt: name } });
  }
  if (c.status !== 'converted' || !c.edits) return;
  tf.ctx.report({ range: headline, messageId: 'customInPlace', data: { lt: `aws_launch_template.${name}`, image: image.what }, fix: [image.edit, ...c.edits] });
  imds(tf, lt, name);
  if (c.conversion) reportNotes(tf.ctx, c.conversion.notes, undefined, headline, ['warning', 'info']);
}

/** AL2023 AMIs require IMDSv2: a launch template that allows IMDSv1 (or a hop limit of 1, which pods cannot pass) is reported. */
function imds(tf: Tf, lt: HclNode, name: string) {
  const mo = subBlocks(lt, 'metadata_options')[0];
  const tokens = mo && literal(blockAttribute(mo, 'http_tokens'), tf.text)?.value;
  const hops = mo && unwrap(valueOf(blockAttribute(mo, 'http_put_response_hop_limit') ?? mo))?.text.trim();
  if (tokens === 'required' && hops !== undefined && hops !== '1') return;
  tf.ctx.report({ range: mo ? [mo.startIndex, mo.startIndex] : firstLine(tf.text, lt), severity: 'warning', messageId: 'imds', data: { lt: `aws_launch_template.${name}`, tokens: tokens ?? 'unset', hops: hops ?? 'unset' } });
}

/** The VPC CNI needs 1.16.2 or later on AL2023 nodes: older pins in the file are reported. */
function vpcCni(tf: Tf, root: HclNode) {
  for (const k of hclKeyedValues(root, tf.text, /^addon_version$/)) {
    const cni = k.holderKey === 'vpc-cni' || k.beside('addon_name') === 'vpc-cni';
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(k.value);
    if (!cni || !m) continue;
    const [maj, min, pat] = m.slice(1).map(Number);
    if (maj > 1 || (maj === 1 && (min > 16 || (min === 16 && pat >= 2)))) continue;
    tf.ctx.report({ range: k.range, severity: 'manual', messageId: 'vpcCni', data: { version: k.value } });
  }
}

/**
 * A hashicorp/aws version constraint (`terraform { required_providers { aws = { source, version } } }`, or the older
 * `aws = "~> 4.0"`) that keeps the provider below the first release accepting the AL2023 ami_type values.
 */
function awsProvider(tf: Tf, root: HclNode) {
  for (const b of topBlocks(root)) {
    if (blockHeader(b).type !== 'terraform') continue;
    for (const rp of subBlocks(b, 'required_providers')) {
      for (const a of blockAttributes(rp)) {
        const local = keyName(a);
        const elems = objectElems(valueOf(a));
        const source = literal(elems.find((e) => keyName(e) === 'source'), tf.text)?.value;
        if (source !== undefined ? !/^(registry\.terraform\.io\/)?hashicorp\/aws$/i.test(source) : local !== 'aws') continue;
        const v = elems.length ? literal(elems.find((e) => keyName(e) === 'version'), tf.text) : literal(a, tf.text);
        const below = v && constraintBelow(v.value, AWS_PROVIDER_AL2023);
        if (!v || !below) continue;
        tf.ctx.report({ range: [v.s.node.startIndex, v.s.node.endIndex], severity: 'manual', messageId: 'awsProvider', data: { constraint: v.value, part: below === v.value.trim() ? '' : ` (its part ${below})`, release: AWS_PROVIDER_AL2023 } });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// terraform-aws-eks

const MODULE_SOURCE = /terraform-aws-modules\/eks\/aws$|terraform-aws-eks(\.git)?(\?ref=[^/]*)?$/;
const AL2_INPUTS = AL2_BOOTSTRAP_INPUTS;

interface EntryPlan {
  readonly edits: Edit[];
  readonly notes: Note[];
  readonly effectless: HclNode | undefined;
}

/** The edits that turn a module node group entry into AL2023 (ami_type, inputs → cloudinit_pre_nodeadm). */
function entryPlan(tf: Tf, entry: HclNode, typeEdit: Edit, managed: boolean): EntryPlan | undefined {
  const elems = objectElems(valueOf(entry));
  const el = (n: string) => elems.find((e) => keyName(e) === n);
  const edits: Edit[] = [typeEdit];
  const notes: Note[] = [];
  const present = AL2_INPUTS.map((k) => el(k)).filter((x): x is HclNode => !!x);
  const post = el('post_bootstrap_user_data');
  if (post) {
    tf.ctx.report({ range: [post.startIndex, post.endIndex], severity: 'manual', messageId: 'postBootstrap', data: {} });
    return undefined;
  }
  if (present.length && el('cloudinit_pre_nodeadm')) {
    tf.ctx.report({ range: [entry.startIndex, entry.startIndex], severity: 'manual', messageId: 'hasPreNodeadm', data: {} });
    return undefined;
  }
  const parts: Array<{ type: string; body: string }> = [];
  let preKubelet: Record<string, unknown> | undefined;
  const pre = el('pre_bootstrap_user_data');
  if (pre) {
    const s = asString(valueOf(pre), tf.text);
    if (!s) {
      tf.ctx.report({ range: [pre.startIndex, pre.endIndex], severity: 'manual', messageId: 'inputNotLiteral', data: { input: 'pre_bootstrap_user_data' } });
      return undefined;
    }
    const st = stringText(s, tf.text);
    // KUBELET_EXTRA_ARGS exports feed bootstrap.sh on AL2 only: their flags go in the NodeConfig; other AL2-only lines stop the move
    const k = preBootstrapKubelet(st.text);
    if (k.notes.length) {
      reportNotes(tf.ctx, k.notes, st.toFile, [pre.startIndex, pre.endIndex], ['manual']);
      return undefined;
    }
    const body = k.rest;
    if (body.split('\n').some((l) => !/^\s*(#.*)?$/.test(l))) parts.push({ type: SHELL_TYPE, body: /^#!/.test(body) ? body : `#!/bin/bash\n${body}` });
    if (k.kubelet) {
      preKubelet = k.kubelet;
      notes.push({ level: 'warning', text: 'KUBELET_EXTRA_ARGS in pre_bootstrap_user_data moved into the NodeConfig (nodeadm does not read it)' });
    }
  }
  const extra = el('bootstrap_extra_args');
  let effectless: HclNode | undefined;
  if (extra) {
    const s = asString(valueOf(extra), tf.text);
    if (!s) {
      tf.ctx.report({ range: [extra.startIndex, extra.endIndex], severity: 'manual', messageId: 'inputNotLiteral', data: { input: 'bootstrap_extra_args' } });
      return undefined;
    }
    const r = translateArgs(s.view.text, { templated: true, clusterFields: false, managed });
    const manual = r.notes.filter((n) => n.level === 'manual');
    if (manual.length) {
      for (const n of manual) tf.ctx.report({ range: [extra.startIndex, extra.endIndex], severity: 'manual', messageId: 'note', data: { note: n.text } });
      return undefined;
    }
    notes.push(...r.notes);
    if (preKubelet) r.spec.kubelet = mergeKubelet(preKubelet, r.spec.kubelet as Record<string, unknown> | undefined);
    preKubelet = undefined;
    if (Object.keys(r.spec).length) parts.push({ type: NODECONFIG_TYPE, body: nodeConfigYaml(r.spec) });
    const enabled = literal(el('enable_bootstrap_user_data'), tf.text) ?? { value: unwrap(valueOf(el('enable_bootstrap_user_data') ?? entry))?.text };
    if (managed && !el('ami_id') && enabled.value !== 'true') effectless = extra;
  }
  if (preKubelet) parts.push({ type: NODECONFIG_TYPE, body: nodeConfigYaml({ kubelet: preKubelet }) });
  // the inputs go; cloudinit_pre_nodeadm takes the place of the first
  const first = present.sort((a, b) => a.startIndex - b.startIndex)[0];
  for (const p of present) {
    const lines = entryLines(tf.text, p.startIndex, p.endIndex);
    if (!lines) return undefined;
    const indent = tf.text.slice(lineStartOf(tf.text, p.startIndex), p.startIndex);
    edits.push({ range: lines, text: p === first && parts.length ? preNodeadm(parts, indent, tf.eol) : '' });
  }
  return { edits, notes, effectless };
}

/** Kubelet settings of a pre-bootstrap script, then those of the bootstrap arguments (which win, as on AL2). */
function mergeKubelet(a: Record<string, unknown>, b: Record<string, unknown> | undefined): Record<string, unknown> {
  const config = { ...(a.config as object | undefined), ...(b?.config as object | undefined) };
  const flags = [...((a.flags as string[] | undefined) ?? []), ...((b?.flags as string[] | undefined) ?? [])];
  return { ...(Object.keys(config).length ? { config } : {}), ...(flags.length ? { flags } : {}) };
}

function preNodeadm(parts: ReadonlyArray<{ type: string; body: string }>, indent: string, eol: string): string {
  const step = indent.includes('\t') ? '\t' : '  ';
  const i1 = indent + step;
  const i2 = i1 + step;
  let out = `${indent}cloudinit_pre_nodeadm = [${eol}`;
  for (const p of parts) {
    out += `${i1}{${eol}${i2}content_type = "${p.type}"${eol}${i2}content      = <<-EOT${eol}${indentLines(p.body, i2 + step, eol)}${i2}EOT${eol}${i1}},${eol}`;
  }
  return `${out}${indent}]${eol}`;
}

/** Kernel module builds with AL2 tooling in an entry's pre_bootstrap_user_data: a warning at each line. */
function entryKernelBuilds(tf: Tf, entry: HclNode) {
  const pre = objectElems(valueOf(entry)).find((e) => keyName(e) === 'pre_bootstrap_user_data');
  const s = pre && asString(valueOf(pre), tf.text);
  if (!s) return;
  const st = stringText(s, tf.text);
  reportNotes(tf.ctx, kernelBuilds(st.text), st.toFile, [pre.startIndex, pre.endIndex], ['warning']);
}

async function moduleGroups(tf: Tf, mod: HclNode) {
  const src = literal(blockAttribute(mod, 'source'), tf.text)?.value ?? '';
  if (!MODULE_SOURCE.test(src)) return;
  // self-managed groups without an ami_type run AL2 up to v20 (its default); v20 can take AL2023 in place
  const major = terraformAwsEksMajor(mod, tf.text);
  for (const e of selfManagedDefaultAl2(mod, tf.text)) {
    const key = keyName(e) ?? '?';
    const headline = firstLine(tf.text, e);
    entryKernelBuilds(tf, e);
    if (major !== 20 || terraformAwsEksHasAl2023(mod, tf.text) === false) {
      tf.ctx.report({ range: headline, severity: 'manual', messageId: 'selfManagedOldModule', data: { entry: `self_managed_node_groups.${key}`, major: String(major) } });
      continue;
    }
    const obj = unwrap(valueOf(e));
    const open = obj ? tf.text.indexOf('{', obj.startIndex) : -1;
    const first = objectElems(valueOf(e))[0];
    if (open < 0 || !first || tf.text.slice(open + 1, first.startIndex).trim() !== '' || !/\n/.test(tf.text.slice(open, first.startIndex))) {
      tf.ctx.report({ range: headline, severity: 'manual', messageId: 'selfManagedDefault', data: { entry: `self_managed_node_groups.${key}` } });
      continue;
    }
    const indent = tf.text.slice(lineStartOf(tf.text, first.startIndex), first.startIndex);
    const at = lineStartOf(tf.text, first.startIndex);
    const plan = entryPlan(tf, e, { range: [at, at], text: `${indent}ami_type = "AL2023_x86_64_STANDARD"${tf.eol}` }, false);
    if (!plan) {
      tf.ctx.report({ range: headline, severity: 'manual', messageId: 'entryNotWritten', data: { entry: `self_managed_node_groups.${key}` } });
      continue;
    }
    tf.ctx.report({ range: headline, messageId: 'selfManagedInPlace', data: { entry: `self_managed_node_groups.${key} (AL2_x86_64 by the module's v20 default)`, type: 'AL2023_x86_64_STANDARD' }, fix: plan.edits });
    reportNotes(tf.ctx, plan.notes, undefined, headline, ['warning']);
  }
  for (const d of ['eks_managed_node_group_defaults', 'self_managed_node_group_defaults']) {
    const defaults = objectElems(valueOf(blockAttribute(mod, d) ?? mod));
    const t = literal(defaults.find((x) => keyName(x) === 'ami_type'), tf.text);
    if (!t || !AL2023_AMI_TYPE[t.value]) continue;
    // managed groups that take the default, each created before its AL2 one is destroyed and without AL2 bootstrap
    // inputs: the default itself switches in place (as teams do)
    const takers = d === 'eks_managed_node_group_defaults' ? objectElems(valueOf(blockAttribute(mod, 'eks_managed_node_groups') ?? mod)).filter((e) => !objectElems(valueOf(e)).some((x) => AMI_CHOICE.test(keyName(x) ?? ''))) : [];
    const plain = (elems: readonly HclNode[]) => !elems.some((x) => AL2_INPUTS.includes(keyName(x) ?? '') || keyName(x) === 'ami_id');
    const inPlace = d === 'eks_managed_node_group_defaults' && canAl2023Default(tf, mod) && tf.ctx.options.al2023 !== 'blue-green' && plain(defaults)
      && takers.every((e) => plain(objectElems(valueOf(e))) && entryNamePrefixed(tf, mod, objectElems(valueOf(e)), major));
    if (inPlace) {
      tf.ctx.report({
        range: [t.s.node.startIndex, t.s.node.endIndex], messageId: 'defaultsCreatedFirst',
        data: { what: d, type: AL2023_AMI_TYPE[t.value], groups: takers.map((e) => keyName(e)).join(', ') || 'none yet', major: major === undefined ? '' : ` v${major}` },
        fix: { range: [t.s.content[0], t.s.content[1]], text: AL2023_AMI_TYPE[t.value] },
      });
      continue;
    }
    tf.ctx.report({ range: [t.s.node.startIndex, t.s.node.endIndex], severity: 'manual', messageId: 'moduleDefaults', data: { what: d, type: t.value, al2023: AL2023_AMI_TYPE[t.value] } });
  }
  const canAl2023 = terraformAwsEksHasAl2023(mod, tf.text);
  const managedDefaultsType = objectElems(valueOf(blockAttribute(mod, 'eks_managed_node_group_defaults') ?? mod)).some((x) => AMI_CHOICE.test(keyName(x) ?? ''));
  for (const [attrName, managed] of [['eks_managed_node_groups', true], ['self_managed_node_groups', false]] as const) {
    const a = blockAttribute(mod, attrName);
    if (!a) continue;
    const entries = objectElems(valueOf(a));
    const keys = new Set(entries.map((e) => keyName(e)));
    for (const e of entries) {
      const key = keyName(e);
      const elems = objectElems(valueOf(e));
      const t = literal(elems.find((x) => keyName(x) === 'ami_type'), tf.text);
      if (key && managed && !elems.some((x) => AMI_CHOICE.test(keyName(x) ?? '')) && !managedDefaultsType) {
        const v = await tf.ctx.versionAt(e.startIndex);
        if (mayRunAl2(v.value) && (major === undefined || major <= 20)) {
          tf.ctx.report({ range: firstLine(tf.text, e), severity: 'warning', messageId: 'unsetAmiType', data: { group: `${attrName}.${key}`, version: v.value! } });
        }
      }
      if (!key || !t || !AL2023_AMI_TYPE[t.value]) continue;
      const keyNode = e.child(0)!;
      const headline = firstLine(tf.text, e);
      entryKernelBuilds(tf, e);
      if (elems.some((x) => keyName(x) === 'ami_id')) {
        tf.ctx.report({ range: headline, severity: 'manual', messageId: 'moduleCustomAmi', data: { entry: `${attrName}.${key}` } });
        continue;
      }
      // a group without bootstrap inputs needs no AL2023 user data support from the module, only v18's ami_type
      if (canAl2023 === false && !(managed && (major ?? 0) >= 18 && !elems.some((x) => AL2_INPUTS.includes(keyName(x) ?? '')))) {
        tf.ctx.report({ range: headline, severity: 'manual', messageId: 'moduleTooOld', data: { entry: `${attrName}.${key}` } });
        continue;
      }
      // a group Terraform creates before it destroys the old one (a name prefix and create_before_destroy) switches in
      // place, unless --al2023 blue-green asks for a copy
      const createdFirst = managed && entryNamePrefixed(tf, mod, elems, major);
      const blueGreen = managed && !tf.inPlace && (tf.ctx.options.al2023 === 'blue-green' || !createdFirst);
      const newKey = `${key}_${SUFFIX}`;
      if (blueGreen && keys.has(newKey)) {
        tf.ctx.report({ range: headline, severity: 'manual', messageId: 'drainOldEntry', data: { entry: `${attrName}.${key}`, replacement: newKey } });
        continue;
      }
      const plan = entryPlan(tf, e, { range: [t.s.content[0], t.s.content[1]], text: AL2023_AMI_TYPE[t.value] }, managed);
      if (!plan) {
        tf.ctx.report({ range: headline, severity: 'manual', messageId: 'entryNotWritten', data: { entry: `${attrName}.${key}` } });
        continue;
      }
      if (plan.effectless) {
        tf.ctx.report({ range: [plan.effectless.startIndex, plan.effectless.endIndex], severity: 'warning', messageId: 'nowEffective', data: { entry: `${attrName}.${key}`, replacement: blueGreen ? newKey : key } });
      }
      if (!blueGreen && createdFirst && !tf.inPlace) {
        tf.ctx.report({ range: headline, messageId: 'entryCreatedFirst', data: { entry: `${attrName}.${key}`, type: AL2023_AMI_TYPE[t.value], major: major === undefined ? '' : ` v${major}` }, fix: plan.edits });
      } else if (!blueGreen) {
        if (managed) tf.ctx.report({ range: headline, severity: 'warning', messageId: createdFirst ? 'replacedCreatedFirst' : 'inPlaceReplacesEntry', data: { entry: `${attrName}.${key}`, group: `${attrName}.${key}` } });
        tf.ctx.report({ range: headline, messageId: managed ? 'entryInPlace' : 'selfManagedInPlace', data: { entry: `${attrName}.${key}`, type: AL2023_AMI_TYPE[t.value] }, fix: plan.edits });
      } else {
        const edits = [...plan.edits, { range: [keyNode.startIndex, keyNode.endIndex] as Range, text: /^"/.test(keyNode.text.trim()) ? `"${newKey}"` : newKey }];
        const nm = suffixEdit(elems.find((x) => keyName(x) === 'name'), tf.text, `-${SUFFIX}`);
        if (nm) edits.push(nm);
        const indent = tf.text.slice(lineStartOf(tf.text, e.startIndex), e.startIndex);
        const copy = copyWithEdits(tf.text, [e.startIndex, e.endIndex], edits);
        tf.ctx.report({
          range: headline, messageId: 'blueGreenEntry', data: { entry: `${attrName}.${key}`, replacement: newKey, type: AL2023_AMI_TYPE[t.value] },
          fix: { range: [e.endIndex, e.endIndex], text: `${tf.eol}${tf.eol}${indent}# AL2023 replacement of ${key} (eks-migrate al2023-nodes): apply, drain ${key}, then delete it${tf.eol}${indent}${copy}` },
        });
        tf.ctx.report({ range: headline, severity: 'manual', messageId: 'drainOldEntry', data: { entry: `${attrName}.${key}`, replacement: newKey } });
      }
      reportNotes(tf.ctx, plan.notes, undefined, headline, ['warning']);
    }
  }
}

/**
 * A terraform-aws-eks managed group entry whose node group has a name prefix, so that the module's
 * create_before_destroy creates its replacement first (managedNamePrefixed; an unknown major is read as the newest).
 */
function entryNamePrefixed(tf: Tf, mod: HclNode, elems: readonly HclNode[], major: number | undefined): boolean {
  const flag = (from: readonly HclNode[]) => {
    const e = from.find((x) => keyName(x) === 'use_name_prefix');
    return e ? unwrap(valueOf(e))?.text.trim() === 'true' : undefined;
  };
  const useNamePrefix = flag(elems) ?? flag(objectElems(valueOf(blockAttribute(mod, 'eks_managed_node_group_defaults') ?? mod)));
  return managedNamePrefixed(major ?? 18, useNamePrefix, elems.some((x) => keyName(x) === 'name'));
}

/**
 * The module passes an AL2023 ami_type through to a managed group that has no bootstrap inputs (v18 and later:
 * modules/eks-managed-node-group sets `ami_type = var.ami_type` on aws_eks_node_group); the AL2023 user data inputs
 * (cloudinit_pre_nodeadm) need v20.5. An unknown version counts as no.
 */
const canAl2023Default = (tf: Tf, mod: HclNode): boolean => (terraformAwsEksMajor(mod, tf.text) ?? 0) >= 18;

/** A plain aws_eks_node_group Terraform creates before it destroys it: a generated name and create_before_destroy. */
function groupCreatedFirst(tf: Tf, g: HclNode): boolean {
  if (blockAttribute(g, 'node_group_name')) return false;
  const lc = subBlocks(g, 'lifecycle')[0];
  return !!lc && unwrap(valueOf(blockAttribute(lc, 'create_before_destroy') ?? lc))?.text.trim() === 'true';
}

/** ami_type from `var.X` / `local.X` whose value here is an AL2 type: where to change it (it may serve other groups). */
async function indirectAmiType(tf: Tf, attr: HclNode, what: string) {
  const ref = simpleReference(valueOf(attr));
  if (!ref) return;
  const def = (await tf.ctx.folder()).definition(ref.root, ref.name);
  const m = /^"(AL2_[\w]+)"$/.exec(def?.text ?? '');
  if (!m || !AL2023_AMI_TYPE[m[1]]) return;
  tf.ctx.report({ range: [attr.startIndex, attr.endIndex], severity: 'manual', messageId: 'amiTypeIndirect', data: { what, ref: `${ref.root}.${ref.name}`, type: m[1], al2023: AL2023_AMI_TYPE[m[1]] } });
}

/**
 * A managed node group without ami_type on an EKS AMI: EKS chose its AMI type when the group was created (AL2 for
 * groups created before 1.30), and a group keeps it. Said once per group when the cluster is at 1.32 or older.
 */
async function unsetAmiType(tf: Tf, g: HclNode, name: string, ltName: string | undefined) {
  const lt = ltName ? tf.resources.get(`aws_launch_template.${ltName}`) : undefined;
  if (lt && blockAttribute(lt, 'image_id')) return; // a custom AMI: its image says which
  const key = `aws_launch_template.${ltName}`;
  if (ltName && !lt && (await withSiblings(tf, (sibs) => sibs.some((s) => { const x = s.tf.resources.get(key); return !!x && !!blockAttribute(x, 'image_id'); })))) return;
  const v = await tf.ctx.versionAt(g.startIndex);
  if (!mayRunAl2(v.value)) return;
  tf.ctx.report({ range: firstLine(tf.text, g), severity: 'warning', messageId: 'unsetAmiType', data: { group: `aws_eks_node_group.${name}`, version: v.value! } });
}

/** A managed node group in another file of the folder uses aws_launch_template.NAME. */
async function managedElsewhere(tf: Tf, name: string): Promise<boolean> {
  return withSiblings(tf, (sibs) => sibs.some((s) => [...s.tf.resources].some(([k, g]) => k.startsWith('aws_eks_node_group.') && launchTemplateOf(g)?.name === name)));
}

/**
 * Karpenter node classes in Terraform strings (`kubectl_manifest` `yaml_body = <<-YAML … YAML`, a heredoc or a
 * quoted string): read as YAML through the string's view, so every edit and finding lands on its line in this file;
 * a string with `%{ }` directives that does not parse is read line by line.
 */
function karpenterStrings(ctx: RuleContext, root: HclNode): void {
  for (const site of hclTextSites(ctx, root)) {
    if (!/^[ \t]*kind:[ \t]*["']?(EC2NodeClass|AWSNodeTemplate)\b/m.test(site.text)) continue;
    const view = site.view;
    const y = parseYaml(view.text);
    if (y.error) {
      karpenterTemplate(ctx, { text: view.text, toFile: (i) => view.toRaw(i) });
      continue;
    }
    for (const d of y.docs) {
      if (KARPENTER_KINDS.test(scalarText(valueAt(d.contents, 'kind'), view.text) ?? '')) karpenter(ctx, d, { text: view.text, toFile: (i) => view.toRaw(i), encode: (t) => view.encode(t) });
    }
  }
}

/**
 * bootstrap.sh calls in strings of this file that nothing above converted or reported (user data in a local, a
 * launch template whose image comes from a variable or another module): the image decides whether the call works,
 * and eks-migrate cannot see it, so each call is reported once.
 */
function unreadBootstrapCalls(ctx: RuleContext, root: HclNode, reported: readonly Range[]): void {
  const blocks = topBlocks(root);
  const covered = coveredBlocks(ctx.file.text, blocks, reported);
  for (const site of hclTextSites(ctx, root)) {
    if (site.foreign || !mentionsAl2Bootstrap(site.text)) continue;
    const at = firstBootstrapCall(site.text);
    if (at === undefined) continue;
    const off = site.view.toRaw(at);
    const block = blocks.find((b) => b.startIndex <= off && off < b.endIndex);
    if (block && covered.has(block)) continue;
    ctx.report({ range: [off, Math.max(off, lineEndOf(ctx.file.text, off) - 1)], severity: 'warning', messageId: 'bootstrapImageUnknown', data: { where: site.label } });
  }
}

/**
 * The top-level blocks a finding or edit of this pass speaks of, and what they take their user data or image from,
 * transitively (a group → its launch template → its cloudinit data or local).
 */
function coveredBlocks(text: string, blocks: readonly HclNode[], reported: readonly Range[]): Set<HclNode> {
  const hit = (b: HclNode) => reported.some(([x, y]) => x < b.endIndex && y >= b.startIndex);
  // what the blocks with findings refer to: a launch template, cloudinit data or local they took the user data from
  const addresses = (b: HclNode): string[] => {
    const h = blockHeader(b);
    if (h.type === 'resource' && h.labels.length === 2) return [`${h.labels[0]}.${h.labels[1]}`];
    if (h.type === 'data' && h.labels.length === 2) return [`data.${h.labels[0]}.${h.labels[1]}`];
    if (h.type === 'locals') return blockAttributes(b).map((a) => `local.${keyName(a)}`);
    return [];
  };
  const refersTo = (from: string, b: HclNode) => addresses(b).some((a) => new RegExp(`\\b${a.replace(/\./g, '\\.')}\\b`).test(from));
  // the blocks with findings, and what they take user data from, transitively (group → launch template → cloudinit)
  const covered = new Set(blocks.filter(hit));
  for (let grew = true; grew;) {
    grew = false;
    const seen = [...covered].map((b) => text.slice(b.startIndex, b.endIndex)).join('\n');
    for (const b of blocks) if (!covered.has(b) && refersTo(seen, b)) grew = !!covered.add(b);
  }
  return covered;
}

/**
 * Values written in this file that make a node definition run AL2, as the configuration graph follows them (a
 * tfvars entry, a variable default, a local that a module's node groups read), that no finding above covers: each is
 * reported where it is written, naming the groups it feeds.
 */
async function al2ValuesHere(ctx: RuleContext, reported: readonly Range[]): Promise<void> {
  const file = ctx.file.absPath;
  const seen = new Map<string, { range: Range; whats: string[]; why: string }>();
  for (const c of (await ctx.versions.estate()).clustersReading(file)) {
    for (const n of c.nodes) {
      // a node definition of this file that a finding above speaks of: its own values are covered
      if (n.at.file === file && reported.some(([x, y]) => x <= n.at.range[1] && y >= n.at.range[0])) continue;
      for (const sgn of n.al2) {
        if (!sgn.site || sgn.site.file !== file || sgn.maybe) continue;
        const [a, b] = sgn.site.range;
        if (reported.some(([x, y]) => x <= b && y >= a)) continue;
        const key = `${a}:${b}`;
        const e = seen.get(key) ?? { range: [a, b] as Range, whats: [], why: sgn.why };
        if (!e.whats.includes(n.what)) e.whats.push(n.what);
        seen.set(key, e);
      }
    }
  }
  for (const e of seen.values()) ctx.report({ range: e.range, severity: 'manual', messageId: 'al2Value', data: { whats: e.whats.join(', '), why: e.why } });
}

export async function terraform(ctx0: RuleContext, root: HclNode): Promise<void> {
  const reported: Range[] = [];
  // what this pass reports or edits: later passes over the same text (bootstrap calls, AL2 values) leave it alone
  const ctx = Object.assign(Object.create(ctx0) as RuleContext, {
    report: (r: Parameters<RuleContext['report']>[0]) => {
      reported.push([r.range[0], r.range[1]]);
      for (const e of r.fix === undefined ? [] : Array.isArray(r.fix) ? r.fix : [r.fix]) reported.push([e.range[0], e.range[1]]);
      ctx0.report(r);
    },
  });
  const text = ctx.file.text;
  const { resources, data, ordered: blocks } = blocksOf(root);
  const tf: Tf = { ctx, text, eol: eolOf(text), inPlace: ctx.options.al2023 === 'in-place', resources, data };
  try {
    if (/aws_launch_template|data\s+"aws_(ssm_parameter|ami)"/.test(text)) {
      const cidrs = new Set((await ctx.folder()).tfTexts().map((t) => serviceCidr(t.text)).filter((c): c is string => !!c));
      if (cidrs.size === 1) tf.cidr = [...cidrs][0];
    }
    const managedLts = new Set<string>(); // launch templates used by managed node groups
    for (const [key, b] of blocks) {
      if (!key.startsWith('aws_eks_node_group.')) continue;
      const name = key.slice('aws_eks_node_group.'.length);
      const lt = launchTemplateOf(b);
      if (lt) managedLts.add(lt.name);
      const t = literal(blockAttribute(b, 'ami_type'), text);
      if (t && AL2023_AMI_TYPE[t.value]) managedOnEksAmi(tf, b, name, t);
      else if (!blockAttribute(b, 'ami_type')) await unsetAmiType(tf, b, name, lt?.name);
      else if (!t) await indirectAmiType(tf, blockAttribute(b, 'ami_type')!, `aws_eks_node_group.${name}`);
    }
    for (const [key, b] of blocks) {
      if (!key.startsWith('aws_launch_template.')) continue;
      const name = key.slice('aws_launch_template.'.length);
      if (name.endsWith(`_${SUFFIX}`)) continue;
      const image = al2Image(tf, b);
      const managed = managedLts.has(name) || (await managedElsewhere(tf, name));
      if (image) customAmiTemplate(tf, b, name, image, managed);
      else if (!(await customAmiSplit(tf, b, name, managed))) await al2ImageElsewhere(tf, b, name);
    }
    await dataForSiblings(tf);
    for (const b of topBlocks(root)) if (blockHeader(b).type === 'module') await moduleGroups(tf, b);
    terragruntInputs(tf, root);
    karpenterStrings(ctx, root);
    if (ctx.file.path.endsWith('.tfvars')) {
      for (const n of hclAl2Nodes(root, text)) ctx.report({ range: n.range, severity: 'manual', messageId: 'tfvars', data: { what: n.what, file: path.basename(ctx.file.path) } });
    }
    const dir = path.dirname(ctx.file.absPath);
    const al2Here = (await ctx.versions.al2Under(dir)).length > 0;
    if (al2Here) vpcCni(tf, root);
    unreadBootstrapCalls(ctx, root, reported);
    await al2ValuesHere(ctx, reported);
    // whatever AL2 literal is left (a module eks-migrate does not model, an object a variable's default holds): once
    const tops = topBlocks(root);
    const covered = coveredBlocks(text, tops, reported);
    for (const n of hclAl2Nodes(root, text)) {
      // ami_type values only: AL2 image paths and names are node-ami-version's to report
      if (!/^\s*["']?ami_type/.test(text.slice(n.range[0], n.range[1]))) continue;
      // a block that a finding above speaks of (a group kept beside its copy, a module whose entries were looked at)
      const block = tops.find((b) => b.startIndex <= n.range[0] && n.range[0] < b.endIndex);
      if (block ? covered.has(block) : reported.some(([x, y]) => x <= n.range[1] && y >= n.range[0])) continue;
      ctx.report({ range: n.range, severity: 'manual', messageId: 'al2Literal', data: { what: n.what, value: text.slice(n.range[0], n.range[1]).replace(/\s+/g, ' ').slice(0, 120) } });
    }
    // the provider must accept the AL2023 ami_type values where AL2 nodes move (or AL2023 ones are written)
    if (/required_providers/.test(text) && (al2Here || (await ctx.folder()).writesAl2023AmiType())) awsProvider(tf, root);
  } finally {
    tf.freeSiblings?.();
  }
}
