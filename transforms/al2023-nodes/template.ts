/**
 * al2023-nodes in templates that do not parse as YAML: a Helm chart's templates (`{{ … }}`), gomplate-rendered
 * eksctl configs, Terraform `templatefile()` templates (`*.yaml.tpl`) and heredocs with `%{ }` directives. They are
 * read line by line: only literal `amiFamily:` / `alias:` values are looked at; a value that is itself templated is
 * left alone, and every other byte stays as it is.
 */
import { mentionsAl2Bootstrap } from '../../src/eks/nodeadm';
import type { RuleContext } from '../../src/eks/context';
import type { Edit, Range } from '../../src/util/range';
import { al2023Releases, DATED_ALIAS, KARPENTER_V1BETA1 } from './yaml';

/** Where a template's text lies: the file, or a string of it (view offsets map to the file through `toFile`). */
export interface TemplateText {
  readonly text: string;
  toFile(i: number): number;
}

interface Line {
  readonly start: number; // offset of the line
  readonly end: number; // offset of its end, before \r\n or \n
  readonly text: string;
  readonly indent: number;
}

/** A `key: value` line: the value as written (quotes off) and where it is. */
interface KeyLine {
  readonly line: Line;
  readonly key: string;
  readonly value: string;
  readonly range: Range; // the value without its quotes, in the template's offsets
  readonly templated: boolean;
}

const TEMPLATED = /\{\{|\$\{|%\{/;
const KARPENTER_KIND = /^[ \t]*kind:[ \t]*["']?(EC2NodeClass|AWSNodeTemplate)["']?[ \t]*(#.*)?$/;
const CLUSTER_CONFIG_KIND = /^[ \t]*kind:[ \t]*["']?ClusterConfig["']?[ \t]*(#.*)?$/;

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  for (let s = 0; s <= text.length; ) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 ? text.length : nl;
    const end = e > s && text[e - 1] === '\r' ? e - 1 : e;
    const t = text.slice(s, end);
    out.push({ start: s, end, text: t, indent: /^[ \t]*/.exec(t)![0].length });
    if (nl < 0) break;
    s = nl + 1;
  }
  return out;
}

/** The documents of a stream: runs of lines between `---` lines. */
function documentsOf(lines: readonly Line[]): Line[][] {
  const docs: Line[][] = [[]];
  for (const l of lines) {
    if (/^---([ \t]|$)/.test(l.text)) docs.push([]);
    else docs[docs.length - 1].push(l);
  }
  return docs.filter((d) => d.length);
}

/** The column where a line's content starts (after its indentation and a list item's dash). */
const contentIndent = (t: string): number => t.length - t.replace(/^[ \t]*(-[ \t]+)?/, '').length;

function keyLine(line: Line, key: string): KeyLine | undefined {
  const m = new RegExp(`^([ \\t]*(?:-[ \\t]+)?)(${key})[ \\t]*:[ \\t]*(.*?)[ \\t]*(?:[ \\t]#.*)?$`).exec(line.text);
  if (!m) return undefined;
  let raw = m[3];
  const colon = line.text.indexOf(':', m[1].length + m[2].length);
  let at = line.start + colon + 1 + /^[ \t]*/.exec(line.text.slice(colon + 1))![0].length;
  const q = /^(["'])(.*)\1$/.exec(raw);
  if (q) {
    raw = q[2];
    at += 1;
  }
  return { line, key: m[2], value: raw, range: [at, at + raw.length], templated: TEMPLATED.test(raw) };
}

const keyLines = (doc: readonly Line[], key: string): KeyLine[] => doc.map((l) => keyLine(l, key)).filter((k): k is KeyLine => !!k);
const lineRange = (l: Line): Range => [l.start, Math.max(l.start, l.end)];

/** Lines of the block under a `key:` line (more indented than it, or its own `- ` items at its indentation). */
function blockUnder(doc: readonly Line[], k: number): Line[] {
  const out: Line[] = [];
  const n = doc[k].indent;
  for (let i = k + 1; i < doc.length; i++) {
    const l = doc[i];
    if (!l.text.trim() || /^[ \t]*#/.test(l.text)) continue;
    if (l.indent > n || (l.indent === n && /^[ \t]*-([ \t]|$)/.test(l.text))) out.push(l);
    else break;
  }
  return out;
}

/** Karpenter node classes of a template on AL2: literal lines moved to AL2023 where that is safe, else reported. */
export function karpenterTemplate(ctx: RuleContext, src: TemplateText): void {
  const file = (r: Range): Range => [src.toFile(r[0]), src.toFile(r[1])];
  for (const doc of documentsOf(linesOf(src.text))) {
    const kindLine = doc.find((l) => KARPENTER_KIND.test(l.text));
    if (!kindLine) continue;
    const kind = KARPENTER_KIND.exec(kindLine.text)![1];
    const apiLine = keyLines(doc, 'apiVersion')[0];
    const api = apiLine?.value ?? '?';
    const meta = doc.findIndex((l) => /^[ \t]*metadata[ \t]*:/.test(l.text));
    const name = (meta >= 0 ? blockUnder(doc, meta).map((l) => keyLine(l, 'name')).find(Boolean)?.value : undefined) ?? '?';
    const head = file(lineRange(apiLine?.line ?? kindLine));
    const fams = keyLines(doc, 'amiFamily');
    const aliases = keyLines(doc, 'alias');
    if (kind === 'AWSNodeTemplate' && !fams.length) {
      ctx.report({ range: head, severity: 'manual', messageId: 'karpenterDefaultAl2', data: { name, api } });
      continue;
    }
    const al2 = [...fams.filter((f) => !f.templated && f.value === 'AL2'), ...aliases.filter((a) => !a.templated && /^al2@/.test(a.value))]
      .sort((a, b) => a.range[0] - b.range[0]);
    if (!al2.length) continue;
    const each = (messageId: string, data: Record<string, string> = {}) => {
      for (const k of al2) ctx.report({ range: file(lineRange(k.line)), severity: 'manual', messageId, data: { kind, api, name, ...data } });
    };
    const beta = kind === 'EC2NodeClass' && api === KARPENTER_V1BETA1;
    if (kind !== 'EC2NodeClass' || (api !== 'karpenter.k8s.aws/v1' && !beta)) {
      each('karpenterV1');
      continue;
    }
    if (beta) ctx.report({ range: head, severity: 'warning', messageId: 'karpenterBeta', data: { name } });
    const dated = aliases.filter((a) => !a.templated && DATED_ALIAS.test(a.value));
    if (dated.length) {
      for (const a of dated) {
        ctx.report({ range: file(lineRange(a.line)), severity: 'manual', messageId: 'karpenterDated', data: { name, alias: a.value, version: ctx.options.target, commands: al2023Releases(ctx.options.target) } });
      }
      continue;
    }
    // amiFamily must be the alias's family: a templated one beside a literal AL2 one is set where the values are
    const templated = [...fams, ...aliases].find((k) => k.templated);
    if (templated) {
      each('karpenterTemplateValue', { other: templated.line.text.trim() });
      continue;
    }
    const sel = doc.findIndex((l) => /^[ \t]*amiSelectorTerms[ \t]*:/.test(l.text));
    if (sel >= 0 && blockUnder(doc, sel).some((l) => /^[ \t]*(-[ \t]+)?(id|name|tags|owner|ssmParameter)[ \t]*:/.test(l.text))) {
      each('karpenterTerms');
      continue;
    }
    if (doc.some((l) => /^[ \t]*userData[ \t]*:/.test(l.text)) && mentionsAl2Bootstrap(doc.map((l) => l.text).join('\n'))) {
      each('karpenterTemplateUserData');
      continue;
    }
    const edits: Edit[] = al2.map((k) => ({ range: file(k.range), text: k.key === 'amiFamily' ? 'AL2023' : k.value.replace(/^al2@/, 'al2023@') }));
    ctx.report({ range: file(lineRange(al2[0].line)), messageId: 'karpenterTemplate', data: { name }, fix: edits });
  }
}

/**
 * eksctl ClusterConfigs of a template (gomplate, envsubst, Helm): each literal `amiFamily: AmazonLinux2` line is
 * reported (eksctl cannot change a node group's AMI family; the new group is written by hand beside it).
 */
export function eksctlTemplate(ctx: RuleContext, src: TemplateText): void {
  for (const doc of documentsOf(linesOf(src.text))) {
    if (!doc.some((l) => CLUSTER_CONFIG_KIND.test(l.text)) || !doc.some((l) => /eksctl\.io\//.test(l.text))) continue;
    for (const [i, l] of doc.entries()) {
      const k = keyLine(l, 'amiFamily');
      if (!k || k.templated || k.value !== 'AmazonLinux2') continue;
      // the group: the `name:` of the same list entry (before or after this line), and the list it is in
      const own = contentIndent(l.text);
      let name: string | undefined;
      for (let j = i; j >= 0 && name === undefined; j--) {
        const t = doc[j].text;
        if (!t.trim() || /^[ \t]*#/.test(t)) continue;
        if (contentIndent(t) < own) break;
        if (contentIndent(t) === own) name = keyLine(doc[j], 'name')?.value;
        if (contentIndent(t) === own && /^[ \t]*-[ \t]/.test(t)) break;
      }
      for (let j = i + 1; j < doc.length && name === undefined; j++) {
        const t = doc[j].text;
        if (!t.trim() || /^[ \t]*#/.test(t)) continue;
        if (contentIndent(t) < own || (contentIndent(t) === own && /^[ \t]*-[ \t]/.test(t))) break;
        if (contentIndent(t) === own) name = keyLine(doc[j], 'name')?.value;
      }
      const list = doc.slice(0, i).reverse().map((x) => /^[ \t]*(managedNodeGroups|nodeGroups)[ \t]*:/.exec(x.text)?.[1]).find(Boolean) ?? 'nodeGroups';
      ctx.report({ range: [src.toFile(l.start), src.toFile(Math.max(l.start, l.end))], severity: 'manual', messageId: 'eksctlTemplate', data: { list, name: name ?? '?' } });
    }
  }
}

/** Names of templates whose YAML is read line by line (Helm, gomplate, templatefile, Jinja). */
const TEMPLATE_NAME = /\.(ya?ml)(\.[\w-]+)?$|\.(tpl|tftpl|tmpl|gotmpl|j2|jinja2?)$/i;

/**
 * A text file that is a YAML template: a Helm template that did not parse, or a file named as one. Documentation
 * (Markdown quoting `amiFamily: AL2`) and scripts are not.
 */
export const isYamlTemplate = (ctx: RuleContext): boolean => !!ctx.file.template || TEMPLATE_NAME.test(ctx.file.path.split('/').pop() ?? '');
