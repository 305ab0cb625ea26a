/**
 * al2023-nodes in YAML: eksctl node groups (a new AmazonLinux2023 entry beside each AL2 one: eksctl cannot change a
 * node group's AMI family) and Karpenter EC2NodeClass (amiFamily, alias and userData in place).
 */
import type { Document, Pair, Scalar, YAMLMap } from 'yaml';
import type { RuleContext } from '../../src/eks/context';
import { mayRunAl2 } from '../../src/eks/al2';
import { groupValue, hasAnchors, isClusterConfig, nodeGroups, type NodeGroupEntry, schemaErrors } from '../../src/eks/eksctl';
import { eksctlClusterVersion } from '../../src/eks/version-surface';
import { al2Only, convertUserData, mentionsAl2Bootstrap, NODECONFIG_TYPE, type Note, userDataText } from '../../src/eks/nodeadm';
import { rangeOf, scalarRange } from '../../src/parsers/yaml-edit';
import { isMap, isScalar, isSeq, pairDeletion, pairOf, parseYaml, scalarText, valueAt } from '../../src/parsers/yaml';
import type { Edit, Range } from '../../src/util/range';
import { entryLines, eolOf, lineEndOf, lineStartOf } from '../../src/util/text';
import { copyWithEdits, dedent, indentLines, reportNotes } from './text';

const SUFFIX = 'al2023';
const newNameOf = (name: string) => `${name}-${SUFFIX}`;

/** A block scalar's content lines: their range and indentation. */
function blockContent(text: string, s: Scalar): { range: Range; indent: string; body: string; toFile(i: number): number } | undefined {
  const r = rangeOf(s);
  if (!r || (s.type !== 'BLOCK_LITERAL' && s.type !== 'BLOCK_FOLDED')) return undefined;
  const start = lineEndOf(text, r[0]);
  let end = r[1];
  // up to the end of the last line with content
  const inner = text.slice(start, end);
  const lastContent = inner.replace(/(\r?\n[ \t]*)*$/, '').length;
  end = lineEndOf(text, start + Math.max(0, lastContent - 1));
  if (end > r[1] && r[1] > start) end = Math.max(r[1], start);
  const d = dedent(text.slice(start, end));
  return { range: [start, end], indent: d.indent, body: d.text, toFile: (i) => start + d.toRaw(i) };
}

/** The node groups of a ClusterConfig: managedNodeGroups, then nodeGroups, each in file order. */
const groupsOf = (doc: Document.Parsed) => nodeGroups(doc)
  .filter((g): g is NodeGroupEntry & { kind: 'managedNodeGroups' | 'nodeGroups' } => g.kind !== 'nodeGroupDefaults')
  .sort((a, b) => Number(a.kind === 'nodeGroups') - Number(b.kind === 'nodeGroups'));

const headOf = (text: string, item: YAMLMap): Range => {
  const r = rangeOf(item)!;
  return [r[0], Math.max(r[0], lineEndOf(text, r[0]) - 1)];
};

/**
 * Node groups without amiFamily: eksctl before 0.219.0 (0.209.0 for 1.33 and later) created them on AmazonLinux2,
 * and a node group keeps its AMI family; one warning per file names them.
 */
function unsetFamily(ctx: RuleContext, doc: Document.Parsed) {
  const text = ctx.file.text;
  // a cluster already past 1.32 has no AL2 node group left (it could not have been upgraded with one)
  // (and one whose version is not written says nothing about when its groups were made)
  if (!mayRunAl2(eksctlClusterVersion(doc, text).value)) return;
  const names: string[] = [];
  let first: Range | undefined;
  for (const g of groupsOf(doc)) {
    if (groupValue(doc, g.map, 'amiFamily') || groupValue(doc, g.map, 'ami')) continue;
    names.push(`${g.kind}[${scalarText(valueAt(g.map, 'name'), text) ?? '?'}]`);
    first ??= headOf(text, g.map);
  }
  if (first) ctx.report({ range: first, severity: 'warning', messageId: 'eksctlUnsetFamily', data: { groups: names.join(', ') } });
}

/** The label and tag eksctl gives a node group with its own name (`eksctl get nodegroup -o yaml` exports them). */
const IDENTITY = /^alpha\.eksctl\.io\/nodegroup-name$/;

/**
 * Deletions that clean a copy of a node group map: keys without a value (`publicKeyName:`; a map left with nothing
 * goes too) and the old group's identity in `labels` and `tags` (eksctl sets the new group's own). Undefined when a
 * deletion cannot be written in this layout.
 */
function cleanCopy(text: string, map: YAMLMap, path: readonly string[] = []): { edits: Edit[]; empty: boolean } | undefined {
  const edits: Edit[] = [];
  const drop: Pair[] = [];
  for (const p of map.items as Pair[]) {
    const k = scalarText(p.key, text) ?? '';
    const v = p.value;
    let gone = v === null || v === undefined || (isScalar(v) && (v.value === null || v.value === undefined));
    gone ||= path.length === 1 && /^(labels|tags)$/.test(path[0]) && IDENTITY.test(k);
    if (!gone && isMap(v)) {
      const c = cleanCopy(text, v, [...path, k]);
      if (!c) return undefined;
      if (c.empty) gone = true;
      else edits.push(...c.edits);
    }
    if (gone) drop.push(p);
  }
  if (drop.length === map.items.length) return { edits: [], empty: true };
  for (const p of drop) {
    const r = pairDeletion(text, map, p);
    if (!r) return undefined;
    edits.push({ range: r, text: '' });
  }
  return { edits, empty: false };
}

function eksctl(ctx: RuleContext, doc: Document.Parsed) {
  const text = ctx.file.text;
  const eol = eolOf(text);
  const root = doc.contents;
  const cluster = scalarText(valueAt(valueAt(root, 'metadata'), 'name'), text) ?? '<cluster>';
  unsetFamily(ctx, doc);
  const groups = groupsOf(doc);
  let before: Set<string> | undefined;
  const addedSchemaErrors = (after: string): string[] => {
    before ??= schemaErrors(parseYaml(text).docs);
    const p = parseYaml(after);
    if (p.error) return [`the result does not parse (${p.error.message})`];
    return [...schemaErrors(p.docs)].filter((e) => !before!.has(e));
  };
  // the names in each list: a replacement that exists already is one of them
  const namesIn = { managedNodeGroups: new Set<string | undefined>(), nodeGroups: new Set<string | undefined>() };
  for (const g of groups) namesIn[g.kind].add(scalarText(valueAt(g.map, 'name'), text));
  for (const { kind: list, map: item } of groups) {
    const names = namesIn[list];
    const famOf = groupValue(doc, item, 'amiFamily');
    const fam = famOf?.node;
    const name = scalarText(valueAt(item, 'name'), text);
    if (!isScalar(fam) || scalarText(fam, text) !== 'AmazonLinux2' || !name) continue;
    const head = headOf(text, item);
    // anchors, aliases and merge keys: a copy of the entry's text would define an anchor twice (an alias after it
    // then names the copy) or keep AmazonLinux2 through the merge; eksctl reads merge keys, so the group is AL2
    if (famOf!.merged || hasAnchors(item)) {
      ctx.report({ range: head, severity: 'manual', messageId: 'eksctlAnchors', data: { list, name, replacement: newNameOf(name) } });
      continue;
    }
    const newName = `${name}-${SUFFIX}`;
    const drain = () => ctx.report({
      range: head, severity: 'manual', messageId: 'eksctlDrain',
      data: { list, name, replacement: newName, create: `eksctl create nodegroup --config-file=${ctx.file.path} --include=${newName}`, delete: `eksctl delete nodegroup --config-file=${ctx.file.path} --include=${name} --approve` + ` (or eksctl delete nodegroup --cluster ${cluster} --name ${name} --drain)` },
    });
    if (names.has(newName)) {
      drain();
      continue;
    }
    const r = rangeOf(item)!;
    const edits: Edit[] = [];
    const nameNode = valueAt(item, 'name') as Scalar;
    const nr = scalarRange(nameNode);
    if (nr) edits.push({ range: nr, text: newName });
    const fr = scalarRange(fam);
    if (fr) edits.push({ range: fr, text: 'AmazonLinux2023' });
    const ami = pairOf(item, 'ami');
    const later: Array<() => void> = []; // reported once the new entry is written
    if (ami) {
      const kr = rangeOf(ami.key)!;
      const vr = rangeOf(ami.value) ?? kr;
      const lines = entryLines(text, kr[0], vr[1]);
      if (lines) edits.push({ range: lines, text: '' });
      later.push(() => ctx.report({ range: [kr[0], vr[1]], severity: 'manual', messageId: 'eksctlAmi', data: { name, replacement: newName, ami: scalarText(ami.value, text) ?? '' } }));
    }
    const obc = pairOf(item, 'overrideBootstrapCommand');
    if (obc) {
      const v = obc.value;
      const bc = isScalar(v) ? blockContent(text, v) : undefined;
      if (!bc) {
        ctx.report({ range: [rangeOf(obc.key)![0], rangeOf(obc.key)![1]], severity: 'manual', messageId: 'eksctlOverrideForm', data: { name } });
        continue;
      }
      const c = convertUserData(bc.body, { templated: false, clusterFields: false, managed: list === 'managedNodeGroups' });
      if (!c.parts) {
        reportNotes(ctx, c.notes, bc.toFile, head, ['manual']);
        ctx.report({ range: head, severity: 'manual', messageId: 'eksctlNotWritten', data: { list, name } });
        continue;
      }
      const shell = c.parts.filter((p) => p.type !== NODECONFIG_TYPE);
      const nc = c.parts.find((p) => p.type === NODECONFIG_TYPE);
      if (shell.length) {
        ctx.report({ range: [rangeOf(obc.key)![0], rangeOf(obc.key)![1]], severity: 'manual', messageId: 'eksctlShellSteps', data: { name } });
        continue;
      }
      if (nc) edits.push({ range: bc.range, text: indentLines(nc.body.replace(/^---\n/, ''), bc.indent, eol) });
      else {
        const lines = entryLines(text, rangeOf(obc.key)![0], bc.range[1] - 1);
        if (lines) edits.push({ range: lines, text: '' });
      }
      later.push(() => reportNotes(ctx, c.notes, undefined, head, ['warning', 'info']));
    }
    const clean = cleanCopy(text, item);
    if (clean) edits.push(...clean.edits);
    // the whole entry, from its dash's line to the end of its last line
    const start = lineStartOf(text, r[0]);
    let end = r[1];
    if (text[end - 1] !== '\n') end = lineEndOf(text, end - 1);
    const copy = copyWithEdits(text, [start, end], edits);
    const sep = end === text.length && !text.endsWith('\n') ? eol : '';
    // the engine refuses a rewrite that adds eksctl schema errors: a copy that would is not written, nor named
    const added = addedSchemaErrors(text.slice(0, end) + sep + copy + text.slice(end));
    if (added.length) {
      ctx.report({ range: head, severity: 'manual', messageId: 'eksctlCopyInvalid', data: { list, name, errors: added.slice(0, 3).join('; ') } });
      continue;
    }
    ctx.report({ range: head, messageId: 'eksctlNew', data: { list, name, replacement: newName }, fix: { range: [end, end], text: sep + copy } });
    drain();
    for (const f of later) f();
  }
}

/**
 * Where a Karpenter document's text lies: the file itself, or a string of a Terraform file (`yaml_body = <<-YAML`)
 * whose view maps its offsets to the file's and encodes text written into it.
 */
export interface DocText {
  readonly text: string;
  toFile(i: number): number;
  encode?(s: string): string;
}

/** The kinds of Karpenter's AWS node classes (v1 / v1beta1 EC2NodeClass, v1alpha1 AWSNodeTemplate). */
export const KARPENTER_KINDS = /^(EC2NodeClass|AWSNodeTemplate)$/;

/** A dated alias (`al2@v20240807`): a pinned image release, not `latest`. */
export const DATED_ALIAS = /^al2@v\d{8}$/;

/** The commands that list the AL2023 EKS AMI releases of a Kubernetes version (for a pinned alias). */
export const al2023Releases = (version: string): string =>
  `\`aws ssm get-parameters-by-path --path /aws/service/eks/optimized-ami/${version}/amazon-linux-2023/ --recursive --query 'Parameters[].Name'\`` +
  ` or \`aws ec2 describe-images --owners amazon --filters 'Name=name,Values=amazon-eks-node-al2023-x86_64-standard-${version}-v*' --query 'Images[].Name'\``;

/**
 * A Karpenter EC2NodeClass (or an older AWSNodeTemplate / v1beta1 class) on AL2: moved in place (v1), or reported.
 * `src` is where its text is (the file, or a heredoc of a Terraform file); findings and edits land in the file.
 */
export function karpenter(ctx: RuleContext, doc: Document.Parsed, src: DocText = { text: ctx.file.text, toFile: (i) => i }): void {
  const { text } = src;
  const at = (r: readonly [number, number]): Range => [src.toFile(r[0]), src.toFile(r[1])];
  // text written into a string is encoded by its view (line breaks included)
  const eol = src.encode ? '\n' : eolOf(text);
  const enc = src.encode ?? ((t: string) => t);
  const root = doc.contents;
  const kind = scalarText(valueAt(root, 'kind'), text);
  const api = scalarText(valueAt(root, 'apiVersion'), text) ?? '';
  const spec = valueAt(root, 'spec');
  const name = scalarText(valueAt(valueAt(root, 'metadata'), 'name'), text) ?? '?';
  const head: Range = at([rangeOf(root)![0], lineEndOf(text, rangeOf(root)![0]) - 1]);
  // an AWSNodeTemplate without amiFamily runs AL2: Karpenter's default for it
  if (kind === 'AWSNodeTemplate' && !(isMap(spec) && pairOf(spec, 'amiFamily'))) {
    ctx.report({ range: head, severity: 'manual', messageId: 'karpenterDefaultAl2', data: { name, api } });
    return;
  }
  if (!isMap(spec)) return;
  const fam = valueAt(spec, 'amiFamily');
  const terms = valueAt(spec, 'amiSelectorTerms');
  const aliases = isSeq(terms) ? terms.items.map((t) => valueAt(t, 'alias')).filter(isScalar) : [];
  const al2Family = isScalar(fam) && scalarText(fam, text) === 'AL2';
  const al2Alias = aliases.filter((a) => /^al2@/.test(scalarText(a, text) ?? ''));
  if (!al2Family && !al2Alias.length) return;
  // v1beta1 takes amiFamily AL2023 from Karpenter v0.35.0 (aws/karpenter-provider-aws eb53e9b5b, "feat: AL2023 AMI
  // family support", 2024-02-28; the v0.35.0 CRD's enum lists AL2023): teams switch it there, without the v1 move
  const beta = kind === 'EC2NodeClass' && api === KARPENTER_V1BETA1;
  if (kind !== 'EC2NodeClass' || (api !== 'karpenter.k8s.aws/v1' && !beta)) {
    ctx.report({ range: head, severity: 'manual', messageId: 'karpenterV1', data: { kind: kind ?? '?', api, name } });
    return;
  }
  if (beta) ctx.report({ range: head, severity: 'warning', messageId: 'karpenterBeta', data: { name } });
  // a pinned release stays pinned, by hand: an AL2023 release of the same date may have no image for the cluster's
  // version (a release has images only for the versions EKS supported then), and the pin held back a tested image
  const dated = al2Alias.filter((a) => DATED_ALIAS.test(scalarText(a, text) ?? ''));
  if (dated.length) {
    for (const a of dated) {
      ctx.report({ range: at(scalarRange(a)!), severity: 'manual', messageId: 'karpenterDated', data: { name, alias: scalarText(a, text) ?? '', version: ctx.options.target, commands: al2023Releases(ctx.options.target) } });
    }
    return;
  }
  if (isSeq(terms) && terms.items.length > al2Alias.length) {
    ctx.report({ range: rangeOf(terms) ? at([rangeOf(terms)![0], rangeOf(terms)![0]]) : head, severity: 'manual', messageId: 'karpenterTerms', data: { name } });
    return;
  }
  const edits: Edit[] = [];
  if (al2Family) edits.push({ range: at(scalarRange(fam as Scalar)!), text: 'AL2023' });
  for (const a of al2Alias) edits.push({ range: at(scalarRange(a)!), text: (scalarText(a, text) ?? '').replace(/^al2@/, 'al2023@') });
  const ud = valueAt(spec, 'userData');
  let notes: Note[] = [];
  if (isScalar(ud) && mentionsAl2Bootstrap(String(ud.value))) {
    const bc = blockContent(text, ud);
    if (!bc) {
      ctx.report({ range: scalarRange(ud) ? at(scalarRange(ud)!) : head, severity: 'manual', messageId: 'karpenterUserData', data: { name } });
      return;
    }
    const c = convertUserData(bc.body, { templated: false, clusterFields: false });
    if (!c.parts) {
      ctx.report({ range: head, severity: 'manual', messageId: 'karpenterNotConverted', data: { name } });
      reportNotes(ctx, c.notes, (i) => src.toFile(bc.toFile(i)), head, ['manual']);
      return;
    }
    if (c.changed) edits.push({ range: at(bc.range), text: enc(indentLines(userDataText(c), bc.indent, eol)) });
    // no bootstrap call (Karpenter appends its own): lines that configure kubelet the AL2 way do nothing on AL2023
    else reportNotes(ctx, al2Only(bc.body.replace(/\r\n/g, '\n')), (i) => src.toFile(bc.toFile(i)), head, ['manual']);
    notes = c.notes;
  }
  ctx.report({ range: head, messageId: 'karpenter', data: { name }, fix: edits });
  reportNotes(ctx, notes, undefined, head, ['warning']);
}

/** The Karpenter API whose EC2NodeClass takes amiFamily AL2023 from v0.35.0 on. */
export const KARPENTER_V1BETA1 = 'karpenter.k8s.aws/v1beta1';

export function yaml(ctx: RuleContext, docs: readonly Document.Parsed[]): void {
  for (const doc of docs) {
    if (isClusterConfig(doc)) eksctl(ctx, doc);
    else if (KARPENTER_KINDS.test(scalarText(valueAt(doc.contents, 'kind'), ctx.file.text) ?? '')) karpenter(ctx, doc);
  }
}
