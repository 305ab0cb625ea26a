/**
 * Node bootstrap sites: every place in a file where node bootstrap arguments, kubelet flags or kubelet settings are
 * written, with what a rule needs to act there. The one place that looks for them; kubelet rules read sites from
 * here and never walk files for them themselves.
 *
 * - Text sites (a string's decoded text, a whole script): Terraform `bootstrap_extra_args` (bootstrap.sh arguments)
 *   and `kubelet_extra_args` (kubelet flags), user-data heredocs and strings, `.tftpl` / shell templates, MIME user
 *   data, eksctl `overrideBootstrapCommand` / `preBootstrapCommands`, CloudFormation or CDK user data in YAML and
 *   `.tf.json`. Each carries how its text reads (`mode`), a label in the user's words, the cluster version in force
 *   there, and (Terraform) whether a kubelet setting put there takes effect.
 * - bootstrap.sh calls in a text site, and the placeholders that stand for arguments eks-migrate cannot read.
 * - NodeConfig documents (AL2023 nodeadm) inside a text: a heredoc, a block scalar, a MIME part.
 * - eksctl node groups (`nodeGroups[]`, `managedNodeGroups[]`) with their label and AMI family.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { allStrings, asString, blockAttribute, blockHeader, findKeyed, type HclNode, keyName, objectElems, ownerOf, pathOf, unwrap, valueOf } from '../parsers/hcl';
import { scanShell, type ShellScan, type Word } from '../parsers/shell';
import { identityView, subView, type TextView } from '../parsers/views';
import { isMap, parseYaml, scalarText, scalarView, stringScalars, valueAt, type YAMLMap } from '../parsers/yaml';
import { rangeOf } from '../parsers/yaml-edit';
import type { Edit, Range } from '../util/range';
import { entryLines, eolOf, lineStartOf, wholeLines } from '../util/text';
import { terraformAwsEksMajor } from './al2';
import { bootstrapCalls } from './bootstrap';
import type { ResolvedVersion } from './cluster-version';
import type { RuleContext } from './context';
import { isClusterConfig, nodeGroups, type NodeGroupEntry } from './eksctl';
import { eksctlClusterVersion } from './version-surface';

/** How the text of a site is read. */
export type SiteMode =
  | 'script' // shell that may call bootstrap.sh (user data, templates, eksctl bootstrap commands)
  | 'args' // arguments appended to bootstrap.sh (`bootstrap_extra_args`)
  | 'kubelet' // kubelet flags (`kubelet_extra_args`, a string of flags)
  | 'systemd' // a systemd unit or drop-in of kubelet (`Environment=KUBELET_EXTRA_ARGS=…`, `ExecStart=…/kubelet …`)
  | 'other';

export interface TextSite {
  /** The decoded text (as `view.text`; read this to decide whether the site is worth a look, it costs nothing). */
  readonly text: string;
  /** The text with its map back to file offsets. */
  readonly view: TextView;
  readonly mode: SiteMode;
  /** What holds the text, in the user's words ("bootstrap_extra_args", "overrideBootstrapCommand", "this heredoc"). */
  readonly label: string;
  /** Terraform: the attribute or object element whose whole value this string is. */
  readonly holder?: { readonly name: string; readonly node: HclNode };
  /** The cluster version in force here (looked up once, when first asked). */
  version(): Promise<ResolvedVersion>;
  /** Edits that remove the holder when what a rule removes was all it held (the bootstrap_extra_args line). */
  readonly onEmpty?: () => Edit[] | undefined;
  /**
   * Terraform: the string is one piece of a value a function or a list builds (`format("--x %s", v)`, `join(" ",
   * ["--x", "y"])`): what belongs together may be split across pieces, so its text is not edited alone. Says which.
   */
  readonly fragment?: string;
  /**
   * Another program's configuration (a Deployment's container args, Helm values for a controller, a Terraform
   * kubernetes_/helm_ resource): flags there are not kubelet's, whatever their name (klog's --stderrthreshold is
   * every component's). Kubelet rules leave it alone.
   */
  readonly foreign?: boolean;
}

/** Functions whose string argument is the whole text of the value (an edit inside it stays whole). */
const WHOLE_TEXT_FUNCTIONS = /^(base64encode|base64gzip|trimspace|chomp|indent|trim|trimprefix|trimsuffix|nonsensitive|sensitive|tostring)$/;

/** The function or list a string is one piece of, up to the attribute that holds it. */
export function fragmentOf(node: HclNode): string | undefined {
  for (let n: HclNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'attribute' || n.type === 'object_elem' || n.type === 'block') return undefined;
    if (n.type === 'function_call') {
      const name = n.child(0)?.text ?? '';
      if (!WHOLE_TEXT_FUNCTIONS.test(name)) return `${name}(…)`;
    }
    if (n.type === 'tuple') return 'a list';
    if (n.type === 'conditional' || n.type === 'binary_operation') return 'an expression';
  }
  return undefined;
}

/** Terraform keys that hold bootstrap.sh arguments and kubelet flags. */
export const BOOTSTRAP_ARGS_KEY = 'bootstrap_extra_args';
export const KUBELET_ARGS_KEY = 'kubelet_extra_args';

/** The trigger strings of files that may hold a bootstrap site, per kind of file. */
export const SITE_TRIGGERS = {
  hcl: [BOOTSTRAP_ARGS_KEY, KUBELET_ARGS_KEY, 'bootstrap.sh', 'NodeConfig'],
  yaml: ['ClusterConfig', 'NodeConfig'],
  text: ['bootstrap.sh', 'NodeConfig'],
};

/** Keys whose string values are kubelet flags wherever they are. */
const KUBELET_KEY = /^(kubelet_extra_args|kubeletExtraArgs|KUBELET_EXTRA_ARGS|bootstrap_extra_args|bootstrapExtraArgs)$/;
/** Keys on the way to a value that say it configures a node (user data, a launch template, kubelet). */
const NODE_PATH_KEY = /kubelet|bootstrap|user_?data|launch_?template|node_?group|nodeGroup/i;
/** Terraform resources whose strings are Kubernetes workloads or charts, never a node's kubelet flags. */
const WORKLOAD_RESOURCE = /^(kubernetes_|helm_release$|kubectl_)/;

/** A string of flags in a Terraform workload (a kubernetes_deployment's args, a helm_release's values). */
function inWorkload(node: HclNode): boolean {
  for (let n: HclNode | null = node.parent; n; n = n.parent) {
    if (n.type !== 'block') continue;
    if (WORKLOAD_RESOURCE.test(blockHeader(n).labels[0] ?? '')) return true;
  }
  return false;
}

export function modeFor(key: string | undefined, text: string, fallback: SiteMode = 'other'): SiteMode {
  if (key && /^(bootstrap_extra_args|bootstrapExtraArgs)$/.test(key)) return 'args';
  if (key && /^(kubelet_extra_args|kubeletExtraArgs|KUBELET_EXTRA_ARGS)$/.test(key)) return 'kubelet';
  if (callsBootstrap(text)) return 'script';
  // a string of flags: bootstrap.sh arguments when it carries --kubelet-extra-args, else kubelet flags (whose
  // values are read only where they are not flags themselves)
  if (/^\s*--?[A-Za-z]/.test(text)) return /--kubelet-extra-args(?![\w-])/.test(text) ? 'args' : 'kubelet';
  return fallback;
}

/** The text mentions bootstrap.sh (a call may be in it). */
export const callsBootstrap = (text: string): boolean => /bootstrap\.sh/.test(text);

/** The text may hold a NodeConfig document. */
export const mayHoldNodeConfig = (text: string): boolean => /NodeConfig/.test(text);

/**
 * A placeholder that stands for the arguments of the bootstrap plumbing itself (`${bootstrap_extra_args}`,
 * `${kubelet_extra_args}` in a template): what it brings is written, and checked, where its value is set.
 */
export const isArgsPlaceholder = (raw: string): boolean => /(bootstrap|kubelet)_extra_args/i.test(raw);

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

/** The text sites of a tree, made once for all the rules of a pass (finding a string's owner crosses into wasm). */
const hclSitesOf = new WeakMap<HclNode, TextSite[]>();

/**
 * Every string of a Terraform file as a text site. The list is shared by the rules of a pass: each site looks up the
 * cluster version in force once, through the context of the rule that asks first (the same file, the same answer).
 */
export function hclTextSites(ctx: RuleContext, root: HclNode): TextSite[] {
  const known = hclSitesOf.get(root);
  if (known) return known;
  const text = ctx.file.text;
  const sites = allStrings(root, text).map((s): TextSite => {
    const owner = ownerOf(s.node);
    const holder = owner?.direct && owner.name !== undefined ? { name: owner.name, node: owner.node } : undefined;
    const mode = modeFor(owner?.name, s.view.text);
    const foreign = mode !== 'script' && !KUBELET_KEY.test(owner?.name ?? '') && inWorkload(s.node);
    return {
      text: s.view.text,
      view: s.view,
      mode: foreign && mode === 'kubelet' ? 'other' : mode,
      foreign,
      label: owner?.name ?? (s.kind === 'heredoc' ? 'this heredoc' : 'this string'),
      holder,
      version: once(() => ctx.versionAt(s.node.startIndex)),
      fragment: holder ? undefined : fragmentOf(s.node),
      onEmpty: holder?.name === BOOTSTRAP_ARGS_KEY
        ? () => {
            const r = entryLines(text, holder.node.startIndex, holder.node.endIndex);
            return r ? [{ range: r, text: '' }] : undefined;
          }
        : undefined,
    };
  });
  hclSitesOf.set(root, sites);
  return sites;
}

const UNKNOWN: ResolvedVersion = { sites: [] };

/**
 * Every string scalar of YAML documents (eksctl, CloudFormation, CDK output) or `.tf.json` as a text site. An eksctl
 * ClusterConfig's version is its metadata.version; elsewhere `fileVersion` (a .tf.json's folder), else unknown.
 */
export function yamlTextSites(ctx: RuleContext, docs: readonly Document.Parsed[], fileVersion?: ResolvedVersion): TextSite[] {
  return docs.flatMap((doc) => {
    // a document's sites are made once for all the rules of a pass (a .tf.json's depend on its folder's version)
    if (fileVersion) return docTextSites(ctx.file.text, doc, fileVersion);
    let sites = yamlSitesOf.get(doc);
    if (!sites) yamlSitesOf.set(doc, (sites = docTextSites(ctx.file.text, doc, undefined)));
    return sites;
  });
}

const yamlSitesOf = new WeakMap<Document.Parsed, TextSite[]>();

function docTextSites(text: string, doc: Document.Parsed, fileVersion: ResolvedVersion | undefined): TextSite[] {
  const out: TextSite[] = [];
  const version: ResolvedVersion = isClusterConfig(doc) ? eksctlClusterVersion(doc, text) : fileVersion ?? UNKNOWN;
  const nodeDoc = isClusterConfig(doc) || isNodeConfig(doc.contents);
  for (const { node, path: keys } of stringScalars(doc.contents)) {
    const value = node.value as string;
    const key = [...keys].reverse().find((k): k is string => typeof k === 'string');
    const script = key === 'overrideBootstrapCommand' || key === 'preBootstrapCommands';
    let mode = script ? 'script' : modeFor(key, value);
    // a string outside node configuration (a Deployment's container args, Helm values for a controller) is another
    // program's: klog's --stderrthreshold there is cluster-autoscaler's, not kubelet's
    const foreign = !nodeDoc && !script && !KUBELET_KEY.test(key ?? '') && !keys.some((k) => typeof k === 'string' && NODE_PATH_KEY.test(k)) && mode !== 'script';
    if (foreign && mode === 'kubelet') mode = 'other';
    let view: TextView | undefined | null = null; // decoded when first read
    // an item of a list of flags (NodeConfig spec.kubelet.flags): emptied, the item goes
    const inList = typeof keys[keys.length - 1] === 'number' && keys[keys.length - 2] === 'flags' && node.range;
    const onEmpty = inList
      ? (): Edit[] | undefined => {
          const r = node.range!;
          const seq = doc.getIn(keys.slice(0, -1), true) as { flow?: boolean; items?: unknown[] } | undefined;
          if (seq?.flow && Array.isArray(seq.items)) {
            // a flow list ["--x", "--y"]: the item goes with one separator
            const k = keys[keys.length - 1] as number;
            const next = rangeOf(seq.items[k + 1]);
            const prev = rangeOf(seq.items[k - 1]);
            if (next) return [{ range: [r[0], next[0]], text: '' }];
            if (prev) return [{ range: [prev[1], r[1]], text: '' }];
            return [{ range: [r[0], r[1]], text: '' }];
          }
          const ls = lineStartOf(text, r[0]);
          if (!/^[ \t]*-[ \t]*$/.test(text.slice(ls, r[0]))) return undefined;
          const w = wholeLines(text, ls, r[1]);
          return w ? [{ range: w, text: '' }] : undefined;
        }
      : undefined;
    out.push({
      onEmpty,
      text: value,
      get view() {
        if (view === null) view = scalarView(node, text);
        return view ?? identityView('', node.range?.[0] ?? 0);
      },
      mode,
      foreign,
      label: key ?? 'this value',
      version: () => Promise.resolve(version),
    });
  }
  return out;
}

/** A script or template file as one text site. */
export function fileTextSite(ctx: RuleContext): TextSite {
  const text = ctx.file.text;
  return {
    text,
    view: identityView(text, 0, eolOf(text)),
    mode: isKubeletUnit(ctx.file.path, text) ? 'systemd' : modeFor(undefined, text, 'other'),
    label: path.basename(ctx.file.path),
    version: once(() => ctx.versionAt(0)),
  };
}

/** The text sites of a file of any kind (`.tf.json` takes its folder's version). */
export async function textSites(ctx: RuleContext, kind: 'hcl' | 'yaml' | 'tfjson' | 'text', tree?: HclNode | readonly Document.Parsed[]): Promise<TextSite[]> {
  if (kind === 'hcl') return hclTextSites(ctx, tree as HclNode);
  if (kind === 'yaml') return yamlTextSites(ctx, tree as readonly Document.Parsed[]);
  if (kind === 'tfjson') return yamlTextSites(ctx, tree as readonly Document.Parsed[], await ctx.versionAt(0));
  return [fileTextSite(ctx)];
}

/** A systemd unit or drop-in that runs kubelet (`kubelet.service`, `kubelet.service.d/*.conf`). */
export const isKubeletUnit = (file: string, text: string): boolean =>
  /\.(service|conf)$/.test(file) && /^[ \t]*\[Service\]/m.test(text) && /kubelet/.test(text);

/**
 * The kubelet flag lists of a systemd unit: `ExecStart=…/kubelet FLAGS` (continuation lines included; words[from…]
 * are the flags) and `Environment="KUBELET_EXTRA_ARGS=FLAGS"` (a variable whose name says it holds arguments).
 */
export function systemdKubeletLists(text: string): Array<{ words: readonly Word[]; from: number }> {
  const out: Array<{ words: readonly Word[]; from: number }> = [];
  for (const m of text.matchAll(/^[ \t]*(Environment|ExecStart)=/gm)) {
    const start = (m.index ?? 0) + m[0].length;
    let end = start;
    for (;;) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      const lb = nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
      if (text[lb - 1] === '\\') {
        end = nl + 1;
        continue;
      }
      end = lb;
      break;
    }
    const words = scanShell(text, start, end).commands.flatMap((c) => c.words);
    if (m[1] === 'ExecStart') {
      if (words[0] && /(^|\/)kubelet$/.test(words[0].value ?? '')) out.push({ words, from: 1 });
      continue;
    }
    for (const w of words) {
      const inner = w.quote ? w.quote.inner : ([w.start, w.end] as const);
      const raw = text.slice(inner[0], inner[1]);
      const eq = raw.indexOf('=');
      if (eq > 0 && /ARGS|FLAGS|OPTS/i.test(raw.slice(0, eq))) out.push({ words: scanShell(text, inner[0] + eq + 1, inner[1]).commands.flatMap((c) => c.words), from: 0 });
    }
  }
  return out;
}

/** The bootstrap.sh calls of a shell text, each with its words and the index of the script word. */
export function bootstrapCallsIn(scanOrText: ShellScan | string): Array<{ words: readonly Word[]; script: number; directive?: string }> {
  if (typeof scanOrText === 'string' && !callsBootstrap(scanOrText)) return [];
  const scan = typeof scanOrText === 'string' ? scanShell(scanOrText) : scanOrText;
  return bootstrapCalls(scan).map((c) => {
    // a call continued across template directives (`%{ if }` … `%{ else ~}`): each branch renders its own call, and
    // an edit of the words as one list can land in one branch only or after a directive
    const d = c.words.find((w) => scan.text.startsWith('%{', w.start));
    return d ? { ...c, directive: scan.text.slice(d.start, d.end) } : c;
  });
}

/** A NodeConfig in a text with template directives that does not parse as YAML (each branch renders its own). */
export function templatedNodeConfig(view: TextView): number | undefined {
  const t = view.text;
  if (!/%\{/.test(t) || !mayHoldNodeConfig(t) || nodeConfigsIn(view).length) return undefined;
  const m = /kind:\s*["']?NodeConfig/.exec(t);
  return m ? view.toRaw(m.index ?? 0) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// NodeConfig

export const isNodeConfig = (root: unknown): boolean =>
  isMap(root) && scalarText(valueAt(root, 'kind'), '') === 'NodeConfig' && /^node\.eks\.aws\//.test(scalarText(valueAt(root, 'apiVersion'), '') ?? '');

/** A NodeConfig document inside a text: its root map, the view its offsets are in, and where it starts in the file. */
export interface NodeConfigSite {
  readonly root: YAMLMap;
  readonly view: TextView;
  readonly at: Range;
}

/** NodeConfig documents inside a text (a heredoc, a block scalar, MIME user data). */
export function nodeConfigsIn(view: TextView): NodeConfigSite[] {
  const t = view.text;
  if (!/kind:\s*["']?NodeConfig/.test(t)) return [];
  // MIME parts: the YAML runs from its apiVersion/kind/--- line to the next boundary
  const parts: Array<[number, number]> = [];
  const boundary = /boundary="?([^"\s;]+)"?/.exec(t)?.[1];
  if (boundary) {
    const marks = [...t.matchAll(new RegExp(`^[ \\t]*--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?\\s*$`, 'gm'))].map((m) => m.index ?? 0);
    for (let k = 0; k < marks.length - 1; k++) {
      const body = t.slice(marks[k], marks[k + 1]);
      if (!/node\.eks\.aws/.test(body)) continue;
      const blank = /\r?\n[ \t]*\r?\n/.exec(body);
      if (blank) parts.push([marks[k] + blank.index + blank[0].length, marks[k + 1]]);
    }
  } else parts.push([0, t.length]);
  const out: NodeConfigSite[] = [];
  for (const [a, b] of parts) {
    const sub = a === 0 && b === t.length ? view : subView(view, a, b);
    const y = parseYaml(sub.text);
    if (y.error) continue;
    for (const d of y.docs) {
      if (!isNodeConfig(d.contents)) continue;
      const at = sub.toRaw((d.contents as unknown as { range: [number, number] }).range[0]);
      out.push({ root: d.contents as YAMLMap, view: sub, at: [at, at] });
    }
  }
  return out;
}

/** NodeConfig documents of a YAML stream (a file that is one), in file offsets. */
export function nodeConfigDocs(text: string, docs: readonly Document.Parsed[]): NodeConfigSite[] {
  const view = identityView(text, 0, eolOf(text));
  return docs.filter((d) => isNodeConfig(d.contents)).map((d) => {
    const r = (d.contents as unknown as { range: [number, number] }).range;
    return { root: d.contents as YAMLMap, view, at: [r[0], r[0]] as Range };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// eksctl node groups

export interface EksctlNodeGroupSite extends NodeGroupEntry {
  /** "nodeGroups[ng-1]" */
  readonly label: string;
  /** Where findings about the group point: its name. */
  readonly at: Range;
  readonly amiFamily: string;
  /**
   * Its overrideBootstrapCommand when that holds a NodeConfig (AL2023): the settings go there (null: it does, but
   * its text cannot be mapped back to the file).
   */
  readonly nodeConfigCommand?: TextView | null;
}

/** The node groups of an eksctl ClusterConfig document. */
export function eksctlNodeGroupSites(doc: Document.Parsed, text: string): EksctlNodeGroupSite[] {
  return nodeGroups(doc).map((ng) => {
    const n = valueAt(ng.map, 'name') ?? ng.map;
    const r = (n as { range?: [number, number] }).range!;
    const obc = valueAt(ng.map, 'overrideBootstrapCommand');
    const obcText = (obc as { value?: unknown } | undefined)?.value;
    return {
      ...ng,
      label: ng.kind === 'nodeGroupDefaults' ? 'nodeGroupDefaults' : `${ng.kind}[${ng.name ?? '?'}]`,
      at: [r[0], r[1]] as Range,
      amiFamily: scalarText(valueAt(ng.map, 'amiFamily'), text) ?? '',
      nodeConfigCommand: typeof obcText === 'string' && mayHoldNodeConfig(obcText) ? scalarView(obc as never, text) ?? null : undefined,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Whether a kubelet setting takes effect (Terraform)

const MANAGED = /^(eks_managed_node_groups|eks_managed_node_group_defaults|node_groups|node_groups_defaults)$/;
const COLLECTION = /^(eks_managed_node_groups|eks_managed_node_group_defaults|self_managed_node_groups|self_managed_node_group_defaults|node_groups|node_groups_defaults|worker_groups|worker_groups_launch_template|workers_group_defaults)$/;

/**
 * Why kubelet settings in this `bootstrap_extra_args` / `kubelet_extra_args` would not take effect (a message
 * continuation with %what / %br placeholders), or undefined when they would (or when eks-migrate cannot tell).
 */
export function effectOf(node: HclNode, text: string): string | undefined {
  const steps = pathOf(node);
  // kubelet_extra_args was an input of terraform-aws-eks up to v17 only: from v18 nothing reads it
  const mod = [...steps].reverse().find((s) => s.kind === 'block' && s.type === 'module');
  const major = mod && keyName(node) === KUBELET_ARGS_KEY ? terraformAwsEksMajor(mod.node, text) : undefined;
  if (major !== undefined && major >= 18) {
    return `is not an input of terraform-aws-eks v${major} (v17 and older had it; a node group map ignores it, a module block rejects it), so %what is not set there: pass kubelet flags in bootstrap_extra_args ("--kubelet-extra-args '…'") with a custom AMI or enable_bootstrap_user_data, or in an AL2023 NodeConfig`;
  }
  const names = steps.filter((s) => s.kind === 'attr' || s.kind === 'key').map((s) => (s as { name?: string }).name ?? '');
  const coll = [...names].reverse().find((n) => COLLECTION.test(n));
  const sibling = (k: string) => {
    const e = siblings(node).find((x) => keyName(x) === k);
    return e ? unwrap(valueOf(e))?.text.trim() : undefined;
  };
  // the module's *_defaults for this collection
  const block = [...steps].reverse().find((s) => s.kind === 'block');
  const defaultsName = coll?.endsWith('_groups') ? coll.replace(/_groups$/, '_group_defaults') : undefined;
  const defaults = (k: string) => {
    if (!block || !defaultsName) return undefined;
    const d = blockAttribute(block.node, defaultsName);
    const e = d ? objectElems(valueOf(d)).find((x) => keyName(x) === k) : undefined;
    return e ? unwrap(valueOf(e))?.text.trim() : undefined;
  };
  const get = (k: string) => sibling(k) ?? defaults(k);
  const platform = get('platform') ?? '';
  const amiType = get('ami_type') ?? '';
  const own = asString(valueOf(node), text)?.view.text ?? '';
  if (/-KubeletExtraArgs|Start-EKSBootstrap/i.test(own)) return 'on Windows goes to the PowerShell bootstrap script: pass the kubelet flags through -KubeletExtraArgs instead';
  if (/bottlerocket/i.test(platform) || /BOTTLEROCKET/i.test(amiType)) return 'on Bottlerocket is TOML, not bootstrap.sh flags: set %br in its settings instead';
  if (/windows/i.test(platform) || /WINDOWS/i.test(amiType)) return 'on Windows goes to the PowerShell bootstrap script: pass the kubelet flags through -KubeletExtraArgs instead';
  if (/AL2023/i.test(amiType)) return 'is not used on AL2023 nodes (nodeadm has no bootstrap.sh): set %what in a NodeConfig (spec.kubelet.config) through cloudinit_pre_nodeadm instead';
  if (coll && MANAGED.test(coll)) {
    const ami = get('ami_id');
    const custom = (ami !== undefined && ami !== '""' && ami !== 'null') || get('enable_bootstrap_user_data') === 'true';
    if (!custom) return 'has no effect on an EKS managed node group without a custom AMI (ami_id) or enable_bootstrap_user_data = true, so %what is not set there: use a launch template with a custom AMI, or an AL2023 NodeConfig';
  }
  return undefined;
}

/** The attributes or object elements next to `node` (the same object, or the same block body). */
export function siblings(node: HclNode): HclNode[] {
  const p = node.parent;
  if (p?.type === 'object') return objectElems(p);
  if (p?.type === 'body') return p.children.filter((c): c is HclNode => !!c && c.type === 'attribute');
  return [];
}

/**
 * terraform-aws-eks v17 passes `kubelet_extra_args` after `bootstrap_extra_args`: where both are set side by side,
 * kubelet flags belong in the former.
 */
export const kubeletArgsBeside = (holder: HclNode): boolean => siblings(holder).some((x) => keyName(x) === KUBELET_ARGS_KEY);

/** Terraform `bootstrap_extra_args` values that are not a string literal (built from a variable, a call, …). */
export function computedBootstrapArgs(root: HclNode, text: string): HclNode[] {
  const out: HclNode[] = [];
  for (const node of findArgs(root, BOOTSTRAP_ARGS_KEY)) {
    const value = valueOf(node);
    if (value && !asString(value, text)) out.push(node);
  }
  return out;
}

/** terraform-aws-eks v17 `bootstrap_env = { … }` maps: the environment bootstrap.sh runs with. */
export const bootstrapEnvMaps = (root: HclNode): HclNode[] => findArgs(root, 'bootstrap_env');

const findArgs = (root: HclNode, key: string): HclNode[] => findKeyed(root, key);
