/**
 * What the two kubelet rules (kubelet-seccomp-default, kubelet-api-qps) share: the places that configure kubelet
 * and whether a setting put there takes effect. Each rule folder supplies its meta, settings and wording.
 *
 * Places: eksctl unmanaged `nodeGroups[]` (`kubeletExtraConfig`), AL2023 `NodeConfig` documents
 * (`spec.kubelet.config`, also inside eksctl `overrideBootstrapCommand`, HCL heredocs and MIME user data),
 * Terraform `bootstrap_extra_args` (`--kubelet-extra-args '…'`), `kubelet_extra_args`, and bootstrap.sh calls in
 * heredocs, strings and template files. Version guard: where the cluster version is known and older than 1.26,
 * nothing changes (the cluster-version rule's hop finding carries the advice).
 */
import type { Document } from 'yaml';
import { isAlias } from 'yaml';
import type { Edit, FileKind, Range, RuleMeta } from '../engine/types';
import { blockHeader, type HclNode, keyName } from '../parsers/hcl';
import { scanShell } from '../parsers/shell';
import { identityView, type TextView, toFileEdit } from '../parsers/views';
import { isMap, isScalar, valueAt, type YAMLMap } from '../parsers/yaml';
import { appendToMap, indentStep } from '../parsers/yaml-edit';
import { eolOf } from '../util/text';
import { looksLikeToml } from './bootstrap';
import { knownOlderThan, passedBefore, type ResolvedVersion } from './cluster-version';
import { type RuleContext, type RuleModule, withMessages } from './context';
import { isClusterConfig, type NodeGroupEntry } from './eksctl';
import { eksctlClusterVersion } from './version-surface';
import { LAST_AL2_MINOR } from './al2';
import { minorOf, versionOfMinor } from './versions';
import { bootstrapArgsEdits, configEdits, describeChanges, type KubeletEdits, kubeletListEdits, type KubeletSetting } from './kubelet';
import {
  BOOTSTRAP_ARGS_KEY, bootstrapCallsIn, callsBootstrap, templatedNodeConfig, effectOf, eksctlNodeGroupSites, hclTextSites, isArgsPlaceholder, KUBELET_ARGS_KEY,
  kubeletArgsBeside, mayHoldNodeConfig, nodeConfigDocs, nodeConfigsIn, SITE_TRIGGERS, type NodeConfigSite, type TextSite,
} from './sites';

export interface KubeletRuleSpec {
  readonly meta: RuleMeta;
  readonly settings: readonly KubeletSetting[];
  /** What the settings are, for messages: "seccompDefault", "kubeAPIQPS / kubeAPIBurst". */
  readonly what: string;
  /** Why they are set, appended to fix messages. */
  readonly why: string;
  /** Settings for Bottlerocket's TOML, for the advice: "settings.kubernetes.seccomp-default = true". */
  readonly bottlerocket: string;
}

/** The kubelet rules change nothing where the cluster is known to be older than this. */
export const KUBELET_MIN_VERSION = '1.26';

/** Where kubelet settings are written: the trigger strings and kinds of file of every kubelet rule. */
export const KUBELET_TRIGGERS = SITE_TRIGGERS;
export const KUBELET_KINDS: FileKind[] = ['hcl', 'yaml', 'text'];

const tooOld = (v: ResolvedVersion | string | undefined) => knownOlderThan(v, KUBELET_MIN_VERSION);

/** The messages of every kubelet rule; `what`, `why` and `bottlerocket` come from the rule's spec. */
export const KUBELET_MESSAGES = {
  changed: '{{summary}} in {{where}}: {{why}}',
  kept: '{{summary}} in {{where}}',
  directiveCall: 'the bootstrap.sh call in {{where}} runs across template directives (`{{directive}}`): each branch renders its own call, so eks-migrate does not edit it; add {{what}} to every branch by hand (or move the shared options to one line after the directives)',
  templatedNodeConfig: 'the NodeConfig in {{where}} holds template directives (%{ … }), so it is not read as YAML: add {{what}} to its spec.kubelet.config by hand (in every branch it renders)',
  unreadableCall: 'the bootstrap.sh call in {{where}} takes its kubelet flags from `{{blocked}}`, which eks-migrate cannot read: add {{what}} there yourself',
  unreadableArgs: '{{key}} is built with `{{blocked}}`, which eks-migrate cannot read: add {{what}} there yourself',
  noEffect: '{{key}} {{effect}}',
  managedGroup: '{{label}}: eksctl has no kubeletExtraConfig on managed node groups (its strict loading rejects the key), so {{what}} is not set there; use a launch template with a custom AMI and kubelet flags in its bootstrap command, or an AL2023 NodeConfig (spec.kubelet.config)',
  bottlerocket: '{{label}}: eksctl rejects kubeletExtraConfig for Bottlerocket; set {{bottlerocket}} under bottlerocket.settings instead',
  windows: "{{label}}: eksctl rejects kubeletExtraConfig for Windows; pass the kubelet flags through the Windows bootstrap script's -KubeletExtraArgs instead",
  notAMap: '{{label}}.kubeletExtraConfig is not a map; add {{what}} to it by hand',
  emptyMap: '{{label}}.kubeletExtraConfig is empty; add {{what}} to it by hand',
  merges: '{{label}} merges another map (<<); add {{what}} to the kubeletExtraConfig it merges in, or give it its own by hand',
  al2Image: '{{where}} boots an Amazon Linux 2 EKS image, which has no release after 1.32: {{what}} is not added to its bootstrap.sh call (al2023-nodes moves the node to AL2023, and the setting goes in its NodeConfig)',
  oldImage: '{{where}} boots a {{minors}} EKS image, whose kubelet predates {{version}}: {{what}} is not added (move the image with the cluster first)',
  al2Group: '{{label}} runs Amazon Linux 2, which eksctl refuses from 1.33: {{what}} is not added to it (al2023-nodes writes its AL2023 replacement)',
} as const;

export function kubeletRule(spec: KubeletRuleSpec): RuleModule {
  const { settings, what } = spec;

  function create(ctx: RuleContext) {
    const text = ctx.file.text;
    const fileView = identityView(text, 0, eolOf(text));
    // too old for the settings, or past the hop they belong to (a 1.32 cluster on its way to 1.33 is not asked again)
    const skip = (v: ResolvedVersion | string | undefined) => tooOld(v) || passedBefore(v, spec.meta.version, ctx.options.target);
    const words = { what, why: spec.why, bottlerocket: spec.bottlerocket };
    const manual = (range: Range, messageId: keyof typeof KUBELET_MESSAGES, data: Record<string, string>) =>
      ctx.report({ range, severity: 'manual', messageId, data: { ...words, ...data } });

    const pastAl2 = (minorOf(ctx.options.target) ?? 0) > LAST_AL2_MINOR;
    /**
     * Node settings go where the node goes: a site of a launch template that boots an AL2 image (past 1.32, the
     * node moves to AL2023) or an image whose kubelet predates the rule's version gets nothing. Says so, and true.
     */
    const imageHolds = async (site: TextSite | undefined, at: Range, where: string): Promise<boolean> => {
      const estate = await ctx.versions.estate();
      const local = site?.holder && inLocals(site.holder.node) ? site.holder.name : undefined;
      const img = estate.launchTemplateImageAt(ctx.file.absPath, site ? site.view.toRaw(0) : 0, local, site?.holder ? entryKeyStarts(site.holder.node) : []);
      if (!img) return false;
      if (img.al2 && pastAl2) {
        ctx.report({ range: at, severity: 'info', messageId: 'al2Image', data: { ...words, where } });
        return true;
      }
      // an image of target−1 moves with the cluster in this run (node-ami-version): it is read at the target
      const prev = versionOfMinor((minorOf(ctx.options.target) ?? 1) - 1);
      const runs = img.minors.map((m) => (m === prev ? ctx.options.target : m));
      if (runs.length && runs.every((m) => knownOlderThan(m, spec.meta.version))) {
        ctx.report({ range: at, severity: 'info', messageId: 'oldImage', data: { ...words, where, minors: [...new Set(img.minors)].join(' / '), version: spec.meta.version } });
        return true;
      }
      return false;
    };

    const report = (range: Range, r: KubeletEdits, view: TextView, where: string, style: 'config' | 'flag') => {
      if (r.blocked) return;
      const summary = describeChanges(r.changes, style);
      if (!summary) return;
      if (r.edits.length) {
        ctx.report({ range, messageId: 'changed', data: { summary, where, why: spec.why }, fix: r.edits.map((e): Edit => toFileEdit(view, e.range[0], e.range[1], e.text)) });
      } else {
        ctx.report({ range, severity: 'info', messageId: 'kept', data: { summary, where } });
      }
    };

    /** A NodeConfig document whose text is `view.text`. */
    const nodeConfig = (root: YAMLMap, view: TextView, range: Range, where: string) => {
      const t = view.text;
      const step = indentStep(t, root);
      const spec_ = valueAt(root, 'spec');
      const kubelet = valueAt(spec_, 'kubelet');
      const config = valueAt(kubelet, 'config');
      const r = configEdits(t, isMap(config) ? config : undefined, settings, step, (entries) =>
        isMap(kubelet) ? appendToMap(t, kubelet, [['config', entries]], step)
          : isMap(spec_) ? appendToMap(t, spec_, [['kubelet', [['config', entries]]]], step)
            : appendToMap(t, root, [['spec', [['kubelet', [['config', entries]]]]]], step));
      report(range, r, view, `${where} (NodeConfig spec.kubelet.config)`, 'config');
    };

    /** NodeConfig documents inside a text (a heredoc, a block scalar, MIME user data). */
    const nodeConfigs = (list: readonly NodeConfigSite[], where: string) => {
      for (const n of list) nodeConfig(n.root, n.view, n.at, where);
    };
    /** A NodeConfig that template directives keep from parsing: said so. */
    const templated = (view: TextView, where: string) => {
      const at = templatedNodeConfig(view);
      if (at !== undefined) manual([at, at + 4], 'templatedNodeConfig', { where });
    };

    /** bootstrap.sh calls in a script text. */
    const scriptCalls = (view: TextView, where: string) => {
      for (const call of bootstrapCallsIn(view.text)) {
        const at: Range = [view.toRaw(call.words[call.script].start), view.toRaw(call.words[call.script].end)];
        if (call.directive) {
          manual(at, 'directiveCall', { where, directive: call.directive });
          continue;
        }
        const r = bootstrapArgsEdits(view.text, call.words, call.script + 1, settings, 0);
        if (r.blocked) {
          // ${bootstrap_extra_args} / ${kubelet_extra_args}: the settings go where those are written
          if (!isArgsPlaceholder(r.blocked)) {
            manual(at, 'unreadableCall', { where, blocked: r.blocked });
          }
          continue;
        }
        report(at, r, view, `the bootstrap.sh call in ${where}`, 'flag');
      }
    };

    // -- eksctl ------------------------------------------------------------------------------------------------
    const eksctl = (doc: Document.Parsed) => {
      if (skip(eksctlClusterVersion(doc, text))) return;
      const step = indentStep(text, doc);
      const groups = eksctlNodeGroupSites(doc, text);
      for (const ng of groups) {
        const { label, at, amiFamily: fam } = ng;
        if (ng.nodeConfigCommand !== undefined) {
          if (ng.nodeConfigCommand) nodeConfigs(nodeConfigsIn(ng.nodeConfigCommand), `${label}.overrideBootstrapCommand`);
          continue;
        }
        if (ng.kind === 'managedNodeGroups') {
          manual(at, 'managedGroup', { label });
          continue;
        }
        if (/^bottlerocket/i.test(fam)) {
          manual(at, 'bottlerocket', { label });
          continue;
        }
        if (/^windows/i.test(fam)) {
          manual(at, 'windows', { label });
          continue;
        }
        if (pastAl2 && fam === 'AmazonLinux2') {
          ctx.report({ range: at, severity: 'info', messageId: 'al2Group', data: { ...words, label } });
          continue;
        }
        eksctlGroup(doc, groups, ng, step, label, at);
      }
    };

    const eksctlGroup = (doc: Document.Parsed, groups: readonly NodeGroupEntry[], ng: NodeGroupEntry, step: number, label: string, at: Range) => {
      const kec = valueAt(ng.map, 'kubeletExtraConfig');
      if (kec !== undefined && kec !== null && !isMap(kec)) {
        manual(at, 'notAMap', { label });
        return;
      }
      if (isMap(kec) && kec.items.length === 0 && !kec.flow) {
        manual(at, 'emptyMap', { label });
        return;
      }
      const merge = ng.map.items.find((p) => isScalar(p.key) && p.key.value === '<<');
      if (kec === undefined && merge) {
        // a kubeletExtraConfig of its own would hide the one it merges in (with everything else in it); when it
        // merges another node group of this file, that one gets the settings and this one inherits them
        const from = isAlias(merge.value) ? merge.value.resolve(doc) : undefined;
        if (!groups.some((g) => g.map === from && g.kind === 'nodeGroups')) {
          manual(at, 'merges', { label });
        }
        return;
      }
      const r = configEdits(text, isMap(kec) ? kec : undefined, settings, step, (entries) => appendToMap(text, ng.map, [['kubeletExtraConfig', entries]], step));
      report(at, r, fileView, `${label}.kubeletExtraConfig${isMap(kec) ? '' : ' (created)'}`, 'config');
    };

    // -- Terraform ---------------------------------------------------------------------------------------------
    const hcl = async (root: HclNode) => {
      for (const site of hclTextSites(ctx, root)) {
        const key = site.holder?.name;
        if (key === BOOTSTRAP_ARGS_KEY || key === KUBELET_ARGS_KEY) {
          const node = site.holder!.node;
          // terraform-aws-eks v17 passes kubelet_extra_args after bootstrap_extra_args: the flags go there
          if (key === BOOTSTRAP_ARGS_KEY && kubeletArgsBeside(node)) continue;
          if (skip(await site.version())) continue;
          const effect = effectOf(node, text);
          const at: Range = [node.startIndex, node.startIndex + (keyName(node)?.length ?? 1)];
          if (await imageHolds(site, at, key)) continue;
          if (effect) {
            manual(at, 'noEffect', { key, effect: effect.replace('%what', what).replace('%br', spec.bottlerocket) });
            continue;
          }
          if (looksLikeToml(site.text)) continue; // settings of some other kind (Bottlerocket TOML without a platform eks-migrate sees)
          const words = scanShell(site.text).commands.flatMap((c) => c.words);
          const r = key === BOOTSTRAP_ARGS_KEY ? bootstrapArgsEdits(site.text, words, 0, settings, 0) : kubeletListEdits(site.text, words, settings, 0);
          if (r.blocked) {
            if (!isArgsPlaceholder(r.blocked)) manual(at, 'unreadableArgs', { key, blocked: r.blocked });
            continue;
          }
          report(at, r, site.view, key, 'flag');
          continue;
        }
        if (!callsBootstrap(site.text) && !mayHoldNodeConfig(site.text)) continue;
        if (skip(await site.version())) continue;
        if (callsBootstrap(site.text) && await imageHolds(site, [site.view.toRaw(0), site.view.toRaw(0)], site.label)) {
          nodeConfigs(nodeConfigsIn(site.view), site.label);
          continue;
        }
        scriptCalls(site.view, site.label);
        nodeConfigs(nodeConfigsIn(site.view), site.label);
        templated(site.view, site.label);
      }
    };

    return {
      yaml: (docs: readonly Document.Parsed[]) => {
        for (const doc of docs) {
          if (isClusterConfig(doc)) eksctl(doc);
          else nodeConfigs(nodeConfigDocs(text, [doc]), 'this NodeConfig');
        }
      },
      hcl,
      text: async () => {
        if (skip(await ctx.versionAt(0))) return;
        const name = ctx.file.path.split('/').pop() ?? ctx.file.path;
        // a template that a launch template renders with templatefile(): its image decides
        if (callsBootstrap(text) && await imageHolds(undefined, [0, 0], name)) return;
        scriptCalls(fileView, name);
        nodeConfigs(nodeConfigsIn(fileView), name);
        templated(fileView, name);
      },
    };
  }

  return { meta: withMessages(spec.meta, KUBELET_MESSAGES), create };
}

/** An attribute of a `locals` block. */
function inLocals(node: HclNode): boolean {
  for (let n: HclNode | null = node.parent; n; n = n.parent) if (n.type === 'block') return blockHeader(n).type === 'locals';
  return false;
}

/** Where the keys of the map entries around `node` start (innermost first): a node group entry is placed at its key. */
function entryKeyStarts(node: HclNode): number[] {
  const out: number[] = [];
  for (let n: HclNode | null = node.parent; n; n = n.parent) if (n.type === 'object_elem' && n !== node) out.push(n.startIndex, n.startIndex + 1); // a quoted key's text starts after its quote
  return out;
}
