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
import type { RuleContext, RuleModule } from './context';
import type { Edit, FileKind, Range, RuleMeta } from '../engine/types';
import {
  allStrings, asString, blockAttributes, findKeyed, type HclNode, keyName, objectElems, ownerOf, pathOf, unwrap, valueOf,
} from '../parsers/hcl';
import { scanShell } from '../parsers/shell';
import { identityView, subView, type TextView, toFileEdit } from '../parsers/views';
import { isAlias } from 'yaml';
import { isMap, isScalar, parseYaml, scalarText, scalarView, valueAt, type YAMLMap } from '../parsers/yaml';
import { appendToMap, indentStep } from '../parsers/yaml-edit';
import { eolOf } from '../util/text';
import { bootstrapCalls, looksLikeToml } from './bootstrap';
import { isKnown, type ResolvedVersion } from './cluster-version';
import { eksctlVersion, isClusterConfig, nodeGroups, type NodeGroupEntry } from './eksctl';
import { bootstrapArgsEdits, configEdits, describeChanges, type KubeletEdits, kubeletListEdits, type KubeletSetting } from './kubelet';
import { compareVersions } from './versions';

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
export const KUBELET_TRIGGERS = {
  hcl: ['bootstrap_extra_args', 'kubelet_extra_args', 'bootstrap.sh', 'NodeConfig'],
  yaml: ['ClusterConfig', 'NodeConfig'],
  text: ['bootstrap.sh', 'NodeConfig'],
};
export const KUBELET_KINDS: FileKind[] = ['hcl', 'yaml', 'text'];

const tooOld = (v: ResolvedVersion | string | undefined) => {
  const value = typeof v === 'string' || v === undefined ? v : isKnown(v) ? v.value : undefined;
  return compareVersions(value, KUBELET_MIN_VERSION) === -1;
};

export const isNodeConfig = (root: unknown): boolean =>
  isMap(root) && scalarText(valueAt(root, 'kind'), '') === 'NodeConfig' && /^node\.eks\.aws\//.test(scalarText(valueAt(root, 'apiVersion'), '') ?? '');

export function kubeletRule(spec: KubeletRuleSpec): RuleModule {
  const { settings, what } = spec;

  function create(ctx: RuleContext) {
    const text = ctx.file.text;
    const fileView = identityView(text, 0, eolOf(text));

    const report = (range: Range, r: KubeletEdits, view: TextView, where: string, style: 'config' | 'flag') => {
      if (r.blocked) return;
      const summary = describeChanges(r.changes, style);
      if (!summary) return;
      if (r.edits.length) {
        ctx.report({ range, message: `${summary} in ${where}: ${spec.why}`, fix: r.edits.map((e): Edit => toFileEdit(view, e.range[0], e.range[1], e.text)) });
      } else {
        ctx.report({ range, severity: 'info', message: `${summary} in ${where}` });
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
    const nodeConfigsIn = (view: TextView, where: string) => {
      const t = view.text;
      if (!/kind:\s*["']?NodeConfig/.test(t)) return;
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
      for (const [a, b] of parts) {
        const sub = a === 0 && b === t.length ? view : subView(view, a, b);
        const y = parseYaml(sub.text);
        if (y.error) continue;
        for (const d of y.docs) {
          if (!isNodeConfig(d.contents)) continue;
          const at = sub.toRaw((d.contents as unknown as { range: [number, number] }).range[0]);
          nodeConfig(d.contents as YAMLMap, sub, [at, at], where);
        }
      }
    };

    /** bootstrap.sh calls in a script text. */
    const scriptCalls = (view: TextView, where: string) => {
      if (!/bootstrap\.sh/.test(view.text)) return;
      for (const call of bootstrapCalls(scanShell(view.text))) {
        const r = bootstrapArgsEdits(view.text, call.words, call.script + 1, settings, 0);
        const at: Range = [view.toRaw(call.words[call.script].start), view.toRaw(call.words[call.script].end)];
        if (r.blocked) {
          // ${bootstrap_extra_args} / ${kubelet_extra_args}: the settings go where those are written
          if (!/(bootstrap|kubelet)_extra_args/i.test(r.blocked)) {
            ctx.report({ range: at, severity: 'manual', message: `the bootstrap.sh call in ${where} takes its kubelet flags from \`${r.blocked}\`, which eks-migrate cannot read: add ${what} there yourself` });
          }
          continue;
        }
        report(at, r, view, `the bootstrap.sh call in ${where}`, 'flag');
      }
    };

    // -- eksctl ------------------------------------------------------------------------------------------------
    const eksctl = (doc: Document.Parsed) => {
      if (tooOld(eksctlVersion(doc, text).value)) return;
      const step = indentStep(text, doc);
      const groups = nodeGroups(doc);
      for (const ng of groups) {
        const label = ng.kind === 'nodeGroupDefaults' ? 'nodeGroupDefaults' : `${ng.kind}[${ng.name ?? '?'}]`;
        const fam = scalarText(valueAt(ng.map, 'amiFamily'), text) ?? '';
        const at: Range = (() => {
          const n = valueAt(ng.map, 'name') ?? ng.map;
          const r = (n as { range?: [number, number] }).range!;
          return [r[0], r[1]];
        })();
        const obc = valueAt(ng.map, 'overrideBootstrapCommand');
        if (isScalar(obc) && typeof obc.value === 'string' && /NodeConfig/.test(obc.value)) {
          const v = scalarView(obc, text);
          if (v) nodeConfigsIn(v, `${label}.overrideBootstrapCommand`);
          continue;
        }
        if (ng.kind === 'managedNodeGroups') {
          ctx.report({ range: at, severity: 'manual', message: `${label}: eksctl has no kubeletExtraConfig on managed node groups (its strict loading rejects the key), so ${what} is not set there; use a launch template with a custom AMI and kubelet flags in its bootstrap command, or an AL2023 NodeConfig (spec.kubelet.config)` });
          continue;
        }
        if (/^bottlerocket/i.test(fam)) {
          ctx.report({ range: at, severity: 'manual', message: `${label}: eksctl rejects kubeletExtraConfig for Bottlerocket; set ${spec.bottlerocket} under bottlerocket.settings instead` });
          continue;
        }
        if (/^windows/i.test(fam)) {
          ctx.report({ range: at, severity: 'manual', message: `${label}: eksctl rejects kubeletExtraConfig for Windows; pass the kubelet flags through the Windows bootstrap script's -KubeletExtraArgs instead` });
          continue;
        }
        eksctlGroup(doc, groups, ng, step, label, at);
      }
    };

    const eksctlGroup = (doc: Document.Parsed, groups: readonly NodeGroupEntry[], ng: NodeGroupEntry, step: number, label: string, at: Range) => {
      const kec = valueAt(ng.map, 'kubeletExtraConfig');
      if (kec !== undefined && kec !== null && !isMap(kec)) {
        ctx.report({ range: at, severity: 'manual', message: `${label}.kubeletExtraConfig is not a map; add ${what} to it by hand` });
        return;
      }
      if (isMap(kec) && kec.items.length === 0 && !kec.flow) {
        ctx.report({ range: at, severity: 'manual', message: `${label}.kubeletExtraConfig is empty; add ${what} to it by hand` });
        return;
      }
      const merge = ng.map.items.find((p) => isScalar(p.key) && p.key.value === '<<');
      if (kec === undefined && merge) {
        // a kubeletExtraConfig of its own would hide the one it merges in (with everything else in it); when it
        // merges another node group of this file, that one gets the settings and this one inherits them
        const from = isAlias(merge.value) ? merge.value.resolve(doc) : undefined;
        if (!groups.some((g) => g.map === from && g.kind === 'nodeGroups')) {
          ctx.report({ range: at, severity: 'manual', message: `${label} merges another map (<<); add ${what} to the kubeletExtraConfig it merges in, or give it its own by hand` });
        }
        return;
      }
      const r = configEdits(text, isMap(kec) ? kec : undefined, settings, step, (entries) => appendToMap(text, ng.map, [['kubeletExtraConfig', entries]], step));
      report(at, r, fileView, `${label}.kubeletExtraConfig${isMap(kec) ? '' : ' (created)'}`, 'config');
    };

    // -- Terraform ---------------------------------------------------------------------------------------------
    const hcl = async (root: HclNode) => {
      const handled = new Set<number>();
      for (const key of ['bootstrap_extra_args', 'kubelet_extra_args']) {
        for (const node of findKeyed(root, key)) {
          const s = asString(valueOf(node), text);
          if (!s) continue;
          handled.add(s.node.startIndex);
          // terraform-aws-eks v17 passes kubelet_extra_args after bootstrap_extra_args: the flags go there
          if (key === 'bootstrap_extra_args' && siblings(node).some((x) => keyName(x) === 'kubelet_extra_args')) continue;
          if (tooOld(await ctx.versionAt(node.startIndex))) continue;
          const effect = effectOf(node, text);
          const at: Range = [node.startIndex, node.startIndex + (keyName(node)?.length ?? 1)];
          if (effect) {
            ctx.report({ range: at, severity: 'manual', message: `${key} ${effect.replace('%what', what).replace('%br', spec.bottlerocket)}` });
            continue;
          }
          if (looksLikeToml(s.view.text)) continue; // settings of some other kind (Bottlerocket TOML without a platform eks-migrate sees)
          const words = scanShell(s.view.text).commands.flatMap((c) => c.words);
          const r = key === 'bootstrap_extra_args' ? bootstrapArgsEdits(s.view.text, words, 0, settings, 0) : kubeletListEdits(s.view.text, words, settings, 0);
          if (r.blocked) {
            if (!/(bootstrap|kubelet)_extra_args/i.test(r.blocked)) ctx.report({ range: at, severity: 'manual', message: `${key} is built with \`${r.blocked}\`, which eks-migrate cannot read: add ${what} there yourself` });
            continue;
          }
          report(at, r, s.view, key, 'flag');
        }
      }
      for (const s of allStrings(root, text)) {
        if (handled.has(s.node.startIndex)) continue;
        const v = s.view.text;
        if (!/bootstrap\.sh|NodeConfig/.test(v)) continue;
        if (tooOld(await ctx.versionAt(s.node.startIndex))) continue;
        const owner = ownerOf(s.node)?.name ?? (s.kind === 'heredoc' ? 'this heredoc' : 'this string');
        scriptCalls(s.view, owner);
        nodeConfigsIn(s.view, owner);
      }
    };

    return {
      yaml: (docs: readonly Document.Parsed[]) => {
        for (const doc of docs) {
          if (isClusterConfig(doc)) eksctl(doc);
          else if (isNodeConfig(doc.contents)) {
            const r = (doc.contents as unknown as { range: [number, number] }).range;
            nodeConfig(doc.contents as YAMLMap, fileView, [r[0], r[0]], 'this NodeConfig');
          }
        }
      },
      hcl,
      text: async () => {
        if (tooOld(await ctx.versionAt(0))) return;
        scriptCalls(fileView, ctx.file.path.split('/').pop() ?? ctx.file.path);
        nodeConfigsIn(fileView, ctx.file.path.split('/').pop() ?? ctx.file.path);
      },
    };
  }

  return { meta: spec.meta, create };
}


const MANAGED = /^(eks_managed_node_groups|eks_managed_node_group_defaults|node_groups|node_groups_defaults)$/;
const COLLECTION = /^(eks_managed_node_groups|eks_managed_node_group_defaults|self_managed_node_groups|self_managed_node_group_defaults|node_groups|node_groups_defaults|worker_groups|worker_groups_launch_template|workers_group_defaults)$/;

/**
 * Why kubelet settings in this `bootstrap_extra_args` / `kubelet_extra_args` would not take effect (a message
 * continuation with %what / %br placeholders), or undefined when they would (or when eks-migrate cannot tell).
 */
export function effectOf(node: HclNode, text: string): string | undefined {
  const steps = pathOf(node);
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
    const d = blockAttributes(block.node).find((a) => keyName(a) === defaultsName);
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
