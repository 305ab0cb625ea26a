/**
 * removeFeatureGate: a rule that removes a kubelet feature gate that a Kubernetes version removed (kubelet refuses
 * to start on an unknown gate), from a row of data/feature-gates.json: the gate, the version that removed it, the
 * value it was locked to (where setting another value changed behaviour), why, source and as-of date. Places, from
 * sites.ts: `featureGates` maps of eksctl `kubeletExtraConfig` and NodeConfig `spec.kubelet.config` (in files,
 * heredocs, MIME user data, overrideBootstrapCommand), and `--feature-gates=A=true,B=false` in kubelet flags
 * (`kubelet_extra_args`, `--kubelet-extra-args '…'` of bootstrap.sh calls and `bootstrap_extra_args`).
 */
import type { Document } from 'yaml';
import rows from '../../data/feature-gates.json';
import type { RuleHandlers } from '../engine/rule';
import { scanShell, type Word } from '../parsers/shell';
import { identityView, type TextView, toFileEdit } from '../parsers/views';
import { isMap, isScalar, pairDeletion, pairOf, valueAt, type Pair, type YAMLMap } from '../parsers/yaml';
import type { Edit, Range } from '../util/range';
import { eolOf } from '../util/text';
import { innerWords, looksLikeToml, parseOpts, removalRange } from './bootstrap';
import { type FactoryMeta, rowOf, type RuleContext, type RuleModule, withMessages } from './context';
import { isClusterConfig } from './eksctl';
import { bootstrapCallsIn, eksctlNodeGroupSites, nodeConfigDocs, nodeConfigsIn, systemdKubeletLists, textSites, type TextSite, yamlTextSites } from './sites';
import { compareVersions } from './versions';

/** A row of data/feature-gates.json. */
export interface RemovedGate {
  readonly gate: string;
  readonly removedIn: string;
  /** The value the gate was locked to before it went: another value there changed behaviour (a person decides). */
  readonly lockedTo?: boolean;
  readonly why: string;
  readonly source: string;
  readonly asOf: string;
}

export const REMOVED_GATES: readonly RemovedGate[] = rows as RemovedGate[];

export const removedGate = (gate: string): RemovedGate => rowOf(REMOVED_GATES, 'gate', gate, 'feature-gates.json');

export const REMOVE_GATE_MESSAGES = {
  removed: 'removed {{gate}}{{value}} from {{where}}: {{why}}',
  lockedOther: '{{where}} sets {{gate}} to {{value}}, but the gate was locked to {{locked}} before {{removedIn}} removed it; remove it by hand once nothing depends on {{value}} (kubelet {{removedIn}} refuses to start with it)',
  byHand: 'remove {{gate}} from {{where}} by hand (eks-migrate cannot delete it here without reshaping the text): {{why}}',
  elsewhere: '{{gate}} in {{where}} is not in a featureGates map or --feature-gates flag eks-migrate can rewrite; remove it by hand: {{why}}',
  bottlerocket: '{{gate}} in the Bottlerocket settings of {{where}}: eks-migrate does not rewrite Bottlerocket settings; remove it by hand: {{why}}',
} as const;

export interface RemoveGateOptions {
  readonly meta: FactoryMeta;
}

const truthy = (v: unknown): boolean | undefined => {
  const s = String(v).toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
};

export function removeFeatureGate(row: RemovedGate, opts: RemoveGateOptions): RuleModule {
  const { gate } = row;
  const data = { gate, removedIn: row.removedIn, why: row.why };
  const mentions = (t: string) => t.includes(gate);

  function create(ctx: RuleContext): RuleHandlers {
    const text = ctx.file.text;

    /** The gate's value allows an automatic removal (it is what the gate was locked to, or nothing was locked). */
    const removable = (value: boolean | undefined, where: string, range: Range): boolean => {
      if (row.lockedTo === undefined || value === row.lockedTo) return true;
      ctx.report({ range, severity: 'manual', messageId: 'lockedOther', data: { ...data, where, value: String(value ?? '?'), locked: String(row.lockedTo) } });
      return false;
    };

    /** A `featureGates` map (a KubeletConfiguration's) whose text is `view.text`; `parent` holds it. */
    const gateMap = (view: TextView, parent: YAMLMap, where: string) => {
      const fgPair = pairOf(parent, 'featureGates') as Pair | undefined;
      const fg = fgPair?.value;
      if (!fgPair || !isMap(fg)) return;
      const p = pairOf(fg, gate) as Pair | undefined;
      if (!p || !isScalar(p.key) || !p.key.range) return;
      const t = view.text;
      const range: Range = [view.toRaw(p.key.range[0]), view.toRaw(p.key.range[1])];
      const value = isScalar(p.value) ? truthy(p.value.value) : undefined;
      if (!removable(value, `${where}.featureGates`, range)) return;
      // the only gate: the featureGates map goes too (when something else is left in its parent)
      const del = fg.items.length === 1 ? (parent.items.length > 1 ? pairDeletion(t, parent, fgPair) : undefined) : pairDeletion(t, fg, p);
      if (!del) {
        ctx.report({ range, severity: 'manual', messageId: 'byHand', data: { ...data, where: `${where}.featureGates` } });
        return;
      }
      ctx.report({
        range, messageId: 'removed', fix: toFileEdit(view, del[0], del[1]),
        data: { ...data, value: `: ${value ?? '?'}`, where: `${where}.featureGates${fg.items.length === 1 ? ' (it was the only gate, so featureGates goes too)' : ''}` },
      });
    };

    const nodeConfig = (root: YAMLMap, view: TextView, where: string) => {
      const config = valueAt(valueAt(valueAt(root, 'spec'), 'kubelet'), 'config');
      if (isMap(config)) gateMap(view, config, `${where} (NodeConfig spec.kubelet.config)`);
    };

    /** `--feature-gates` in a list of kubelet flags (view offsets); returns the ranges it handled. */
    const flagList = (site: TextSite, words: readonly Word[]): Array<readonly [number, number]> => {
      const view = site.view;
      const t = view.text;
      const handled: Array<readonly [number, number]> = [];
      for (const o of parseOpts(t, words, 'kubelet')) {
        if (o.name !== '--feature-gates') continue;
        const w = o.isInline ? words[o.nameIdx] : o.valueIdx !== undefined ? words[o.valueIdx] : undefined;
        if (!w) continue;
        const raw = t.slice(w.start, w.end);
        const valueStart = o.isInline ? w.start + raw.indexOf('=') + 1 : w.start;
        const valueRaw = t.slice(valueStart, w.end);
        const items = valueRaw.split(',');
        const k = items.findIndex((it) => it.split('=')[0].trim() === gate);
        if (k < 0) continue;
        handled.push([w.start, w.end]);
        const at: Range = [view.toRaw(valueStart), view.toRaw(w.end)];
        // only a plain list (no quotes, escapes or placeholders) is rewritten
        if (!/^[\w=,.-]+$/.test(valueRaw)) {
          ctx.report({ range: at, severity: 'manual', messageId: 'byHand', data: { ...data, where: site.label } });
          continue;
        }
        const value = truthy(items[k].split('=')[1]);
        if (!removable(value, site.label, at)) continue;
        const rest = items.filter((_, i) => i !== k);
        let edit: Edit;
        if (rest.length) edit = toFileEdit(view, valueStart, w.end, rest.join(','));
        else {
          const last = o.valueIdx ?? o.nameIdx;
          const r = removalRange(t, words, o.nameIdx, last);
          edit = r === 'all' ? toFileEdit(view, words[o.nameIdx].start, words[last].end) : toFileEdit(view, r[0], r[1]);
        }
        ctx.report({
          range: at, messageId: 'removed', fix: edit,
          data: { ...data, value: `=${items[k].split('=')[1] ?? ''}`, where: `--feature-gates in ${site.label}${rest.length ? '' : ' (it was the only gate, so the flag goes)'}` },
        });
      }
      return handled;
    };

    /** Kubelet flag lists of a text site: the site itself (kubelet flags) or the --kubelet-extra-args of its calls. */
    const textSite = (site: TextSite) => {
      if (site.foreign || !mentions(site.text)) return;
      const t = site.view.text;
      if (site.mode !== 'systemd' && site.mode !== 'script' && looksLikeToml(t)) {
        // Bottlerocket settings (TOML passed through bootstrap_extra_args / user data)
        const i = t.indexOf(gate);
        ctx.report({ range: [site.view.toRaw(i), site.view.toRaw(i + gate.length)], severity: 'manual', messageId: 'bottlerocket', data: { ...data, where: site.label } });
        return;
      }
      const scan = scanShell(t);
      const lists: Array<readonly Word[]> = [];
      const fromBootstrap = (words: readonly Word[], from: number) => {
        for (const o of parseOpts(t, words, 'bootstrap', from)) {
          if (o.name !== '--kubelet-extra-args' || o.valueIdx === undefined) continue;
          const inner = innerWords(t, words[o.valueIdx]);
          if (inner) lists.push(inner.words);
        }
      };
      if (site.mode === 'kubelet') lists.push(scan.commands.flatMap((c) => c.words));
      else if (site.mode === 'args') fromBootstrap(scan.commands.flatMap((c) => c.words), 0);
      else if (site.mode === 'script') {
        for (const call of bootstrapCallsIn(scan)) if (!call.directive) fromBootstrap(call.words, call.script + 1);
      }
      else if (site.mode === 'systemd') for (const l of systemdKubeletLists(t)) lists.push(l.words.slice(l.from));
      // a piece of format(…) / join([…]): the gate list may continue in another piece; the catch-all below reports it
      const handled = site.fragment ? [] : lists.flatMap((l) => flagList(site, l));
      // NodeConfig documents inside the text
      for (const n of nodeConfigsIn(site.view)) nodeConfig(n.root, n.view, site.label);
      if (/kind:\s*["']?NodeConfig/.test(t)) return;
      // a plain --feature-gates=a=true,b=false token anywhere else in the text (a sed or echo that edits bootstrap.sh,
      // KUBELET_EXTRA_ARGS written to a file): its list is rewritten where it stands, the rest of the text untouched
      const loose = site.fragment ? [] : [...t.matchAll(/(?<![\w-])--feature-gates[= ]([\w.-]+=[\w.-]+(?:,[\w.-]+=[\w.-]+)*)(?=[\s"'\\;|&)]|$)/g)].map((m) => {
        const flagStart = m.index ?? 0;
        return { flagStart, listStart: flagStart + m[0].length - m[1].length, end: flagStart + m[0].length, list: m[1] };
      });
      for (const m of t.matchAll(new RegExp(`(?<![\\w-])${gate}=`, 'g'))) {
        const i = m.index ?? 0;
        if (scan.comments.some(([s, e]) => s <= i && i < e) || handled.some(([s, e]) => s <= i && i < e)) continue;
        const l = loose.find((x) => x.listStart <= i && i < x.end);
        if (l) {
          const items = l.list.split(',');
          const k = items.findIndex((it) => it.split('=')[0] === gate);
          const at: Range = [site.view.toRaw(l.listStart), site.view.toRaw(l.end)];
          const value = truthy(items[k].split('=')[1]);
          if (k >= 0 && removable(value, site.label, at)) {
            const rest = items.filter((_, j) => j !== k);
            // the only gate: the flag goes, with the blank before it
            const from = rest.length ? l.listStart : /[ \t]/.test(t[l.flagStart - 1] ?? '') ? l.flagStart - 1 : l.flagStart;
            ctx.report({
              range: at, messageId: 'removed', fix: toFileEdit(site.view, from, l.end, rest.join(',')),
              data: { ...data, value: `=${items[k].split('=')[1] ?? ''}`, where: `--feature-gates in ${site.label}${rest.length ? '' : ' (it was the only gate, so the flag goes)'}` },
            });
          }
          if (k >= 0) continue;
        }
        ctx.report({ range: [site.view.toRaw(i), site.view.toRaw(i + gate.length)], severity: 'manual', messageId: 'elsewhere', data: { ...data, where: site.label } });
      }
    };

    const yaml = (docs: readonly Document.Parsed[]) => {
      const view = identityView(text, 0, eolOf(text));
      for (const doc of docs) {
        if (isClusterConfig(doc)) {
          for (const ng of eksctlNodeGroupSites(doc, text)) {
            const br = valueAt(ng.map, 'bottlerocket');
            const brRange = (br as { range?: [number, number] } | undefined)?.range;
            if (brRange && text.slice(brRange[0], brRange[1]).includes(gate)) {
              const i = brRange[0] + text.slice(brRange[0], brRange[1]).indexOf(gate);
              ctx.report({ range: [i, i + gate.length], severity: 'manual', messageId: 'bottlerocket', data: { ...data, where: ng.label } });
            }
            const kec = valueAt(ng.map, 'kubeletExtraConfig');
            if (isMap(kec)) gateMap(view, kec, `${ng.label}.kubeletExtraConfig`);
            if (ng.nodeConfigCommand) for (const n of nodeConfigsIn(ng.nodeConfigCommand)) nodeConfig(n.root, n.view, `${ng.label}.overrideBootstrapCommand`);
          }
        } else if (isMap(doc.contents) && isScalar(valueAt(doc.contents, 'kind')) && (valueAt(doc.contents, 'kind') as { value?: unknown }).value === 'KubeletConfiguration') {
          gateMap(view, doc.contents, 'this KubeletConfiguration');
        } else for (const n of nodeConfigDocs(text, [doc])) nodeConfig(n.root, n.view, 'this NodeConfig');
      }
      // kubelet flags in strings: eksctl bootstrap commands, CloudFormation user data
      for (const s of yamlTextSites(ctx, docs)) if (!s.text.includes('NodeConfig')) textSite(s);
    };

    return {
      hcl: async (root) => {
        for (const s of await textSites(ctx, 'hcl', root)) textSite(s);
      },
      yaml,
      json: (docs) => {
        // a KubeletConfiguration file (kubelet-config.json that user data or an image build writes over the AMI's)
        const view = identityView(text, 0, eolOf(text));
        const named = /kubelet[-_]?config[^/]*\.json$/i.test(ctx.file.path);
        for (const doc of docs) {
          const root = doc.contents;
          if (!isMap(root)) continue;
          const kind = valueAt(root, 'kind');
          if (named || (isScalar(kind) && kind.value === 'KubeletConfiguration')) gateMap(view, root, 'this KubeletConfiguration');
        }
      },
      text: async () => {
        for (const s of await textSites(ctx, 'text')) textSite(s);
      },
    };
  }

  return { meta: withMessages(opts.meta, REMOVE_GATE_MESSAGES), create };
}

/** One rule for removed feature gates (rows of data/feature-gates.json), each applied once the upgrade reaches it. */
export function removeFeatureGates(rows: readonly RemovedGate[], opts: RemoveGateOptions): RuleModule {
  const each = rows.map((r) => ({ row: r, rule: removeFeatureGate(r, opts) }));
  return {
    meta: withMessages(opts.meta, REMOVE_GATE_MESSAGES),
    create(ctx) {
      const hs = each.filter((e) => (compareVersions(e.row.removedIn, ctx.options.target) ?? 1) <= 0).map((e) => e.rule.create(ctx));
      return {
        hcl: async (root) => {
          for (const h of hs) await h.hcl?.(root);
        },
        yaml: async (docs) => {
          for (const h of hs) await h.yaml?.(docs);
        },
        json: async (docs) => {
          for (const h of hs) await h.json?.(docs);
        },
        text: async () => {
          for (const h of hs) await h.text?.();
        },
      };
    },
  };
}
