/**
 * removeKubeletFlag: a rule that removes one kubelet (or bootstrap.sh) flag that a Kubernetes version removed, from
 * every node bootstrap site (sites.ts): Terraform `bootstrap_extra_args` / `kubelet_extra_args`, bootstrap.sh calls in
 * heredocs, templates, MIME user data and eksctl bootstrap commands, `--kubelet-extra-args '…'` inside them, and
 * flag strings in YAML and `.tf.json`. A row of data/kubelet-flags.json says which flag, since when, why, and below
 * which cluster version it must stay; a rule file adds its meta and, where needed, checks of its own (`extra`).
 */
import * as path from 'path';
import rows from '../../data/kubelet-flags.json';
import type { MessageData } from '../engine/rule';
import { type HclNode, simpleReference, unwrap, valueOf } from '../parsers/hcl';
import { scanShell, type ShellScan } from '../parsers/shell';
import { toFileEdit } from '../parsers/views';
import type { Range } from '../util/range';
import { isBlank } from '../util/text';
import { looksLikeToml, parseOpts, removeFlag, type FlagRemoval } from './bootstrap';
import { knownOlderThan, type ResolvedVersion } from './cluster-version';
import { type FactoryMeta, rowOf, type RuleContext, type RuleModule, withMessages } from './context';
import { BOOTSTRAP_ARGS_KEY, bootstrapCallsIn, computedBootstrapArgs, isArgsPlaceholder, systemdKubeletLists, textSites, type TextSite } from './sites';
import { compareVersions } from './versions';

/** A row of data/kubelet-flags.json. */
export interface RemovedFlag {
  readonly flag: string;
  /** The Kubernetes version whose kubelet no longer has it. */
  readonly removedIn: string;
  /** Why it goes (fix messages). */
  readonly why: string;
  /** Why it goes when it sits inside `--kubelet-extra-args` (kubelet itself gets it). */
  readonly whyInKubeletArgs?: string;
  /** A flag that takes no value (`--logtostderr`): the word after it is never read as its value. */
  readonly boolean?: boolean;
  /** Values that were already fatal before, with why. */
  readonly fatalValues?: Readonly<Record<string, string>>;
  /** Below this cluster version the flag stays (removing it would change what nodes do), with why. */
  readonly keptBelow?: string;
  readonly keptWhy?: string;
  readonly source: string;
  readonly asOf: string;
}

export const REMOVED_FLAGS: readonly RemovedFlag[] = rows as RemovedFlag[];

/** The row of data/kubelet-flags.json for `flag`. */
export const removedFlag = (flag: string): RemovedFlag => rowOf(REMOVED_FLAGS, 'flag', flag, 'kubelet-flags.json');

export const REMOVE_FLAG_MESSAGES = {
  removed: 'removed {{shown}} from {{where}}: {{reason}}',
  kept: 'kept {{shown}} in {{label}}: this cluster is at {{version}}{{via}}, {{keptWhy}}; remove it once the cluster runs {{keptBelow}} or later (eks-migrate does it then)',
  placeholder: '{{label}} includes `{{raw}}`, which eks-migrate cannot read; make sure it does not pass {{flag}} (kubelet {{removedIn}} no longer has the flag)',
  elsewhere: '`{{flag}}` in {{label}} is not in a bootstrap.sh call or argument list that eks-migrate can rewrite; remove it by hand (kubelet {{removedIn}} no longer has the flag)',
  fragment: '{{shown}} is in one piece of {{fragment}}, which builds the arguments: its value may be another piece (a format verb\'s argument, the next list element), so eks-migrate does not split it; remove the flag and its value together by hand ({{reason}})',
  computed: '{{key}} is set from `{{expr}}`, which eks-migrate cannot read here; make sure it does not pass {{flag}} (kubelet {{removedIn}} no longer has the flag)',
} as const;

/** What a rule's own checks get for each text site worth a look. */
export interface FlagSiteScan {
  readonly ctx: RuleContext;
  readonly site: TextSite;
  readonly scan: ShellScan;
  /** Whether view offset `i` is in a shell comment. */
  readonly inComment: (i: number) => boolean;
  /** Reports at a view range of the site. */
  readonly report: (start: number, end: number, r: { messageId: string; data?: MessageData; severity?: 'manual' | 'warning' | 'info' }) => void;
}

export interface RemoveFlagOptions {
  /** The rule's meta (messages are added to the factory's). */
  readonly meta: FactoryMeta;
  /** A site is worth a look for the rule's own checks too when its text matches this. */
  readonly alsoScan?: RegExp;
  /** The rule's own checks of a text site (after the flag's). */
  readonly site?: (s: FlagSiteScan) => void;
  /** The rule's own checks of a Terraform file. */
  readonly hcl?: (ctx: RuleContext, root: HclNode) => Promise<void> | void;
}

const where = (v: ResolvedVersion) => {
  const s = v.sites[0];
  return s ? ` (${s.via === 'literal' ? 'set' : s.via} in ${path.basename(s.file)})` : '';
};

/**
 * An expression shown in a message on one line: blanks collapsed; a long one as its function and first argument
 * (`format("…", …)`), never cut inside a string.
 */
export function shortExpr(t: string): string {
  const one = t.replace(/\s+/g, ' ').trim();
  if (one.length <= 60) return one;
  const call = /^([\w.]+)\(/.exec(one);
  return call ? `${call[1]}(…)` : `${one.split(/[\s"'(]/)[0]}…`;
}

/**
 * What one row does to a site (and, for the lead row of a rule, what the rows share: placeholders that may carry any
 * of the flags, `bootstrap_extra_args` built from something eks-migrate cannot read).
 */
function rowParts(row: RemovedFlag, opts: RemoveFlagOptions, together: readonly RemovedFlag[], lead: boolean) {
  const { flag } = row;
  const esc = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const hasFlag = (s: string) => new RegExp(`${esc}(?![\\w-])`).test(s);
  /** Worth scanning: the flag, the rule's own strings, or (the lead row) an argument list with placeholders. */
  const worthScanning = (text: string, mode: TextSite['mode']) =>
    hasFlag(text) || !!opts.alsoScan?.test(text) || (lead && mode === 'args' && /\$\{|%\{/.test(text));
  const base = { flag, removedIn: row.removedIn };
  const shared = { flag: together.map((r) => r.flag).join(', '), removedIn: [...new Set(together.map((r) => r.removedIn))].join(', ') };

  async function handleSite(ctx: RuleContext, site: TextSite): Promise<void> {
    if (site.foreign || !worthScanning(site.text, site.mode)) return;
    const { view } = site;
    const text = view.text;
    const scan = scanShell(text);
    const handled: Array<readonly [number, number]> = [];
    const removals: FlagRemoval[] = [];
    const at = (s: number, e: number): Range => [view.toRaw(s), view.toRaw(e)];

    if (site.mode === 'script') {
      // a call across template directives is left to the catch-all below (each branch renders its own call)
      for (const call of bootstrapCallsIn(scan)) if (!call.directive) removals.push(removeFlag(text, call.words, flag, 'bootstrap', call.script + 1, row.boolean));
    } else if (site.mode === 'systemd') {
      for (const list of systemdKubeletLists(text)) removals.push(removeFlag(text, list.words, flag, 'kubelet', list.from, row.boolean));
    } else if (site.mode === 'args' || site.mode === 'kubelet') {
      const words = scan.commands.flatMap((c) => c.words);
      removals.push(removeFlag(text, words, flag, site.mode === 'args' ? 'bootstrap' : 'kubelet', 0, row.boolean));
      if (lead && site.mode === 'args' && !looksLikeToml(text)) {
        // a placeholder standing as a whole argument may bring any flag with it, this one included
        const values = new Set(parseOpts(text, words, 'bootstrap').map((o) => o.valueIdx));
        words.forEach((w, k) => {
          const raw = text.slice(w.start, w.end);
          if (w.value !== undefined || w.prefix !== '' || values.has(k) || isArgsPlaceholder(raw)) return;
          ctx.report({ range: at(w.start, w.end), severity: 'manual', messageId: 'placeholder', data: { ...shared, label: site.label, raw } });
        });
      }
    }

    const version = removals.some((r) => r.hits.length) ? await site.version() : undefined;
    for (const r of removals) {
      if (!r.hits.length) continue;
      handled.push(...r.hits.map((h) => h.range));
      const first = r.hits[0];
      const shown = r.hits.map((h) => `\`${text.slice(h.range[0], h.range[1]).replace(/\s+/g, ' ')}\``).join(', ');
      const range = at(first.range[0], first.range[1]);
      if (site.fragment) {
        // its value may be another piece (a format verb's argument, the next list element): not split here
        ctx.report({ range, severity: 'manual', messageId: 'fragment', data: { shown, fragment: site.fragment, reason: row.why } });
        continue;
      }
      if (row.keptBelow && version && knownOlderThan(version, row.keptBelow)) {
        ctx.report({
          range, severity: 'manual', messageId: 'kept',
          data: { shown, label: site.label, version: version.value ?? '', via: where(version), keptWhy: row.keptWhy ?? 'where it still matters', keptBelow: row.keptBelow },
        });
        continue;
      }
      const fatal = r.hits.map((h) => (h.value !== undefined ? row.fatalValues?.[h.value] : undefined)).find((x) => x);
      const inKubelet = r.hits.some((h) => h.inKubeletArgs);
      const reason = fatal ?? (inKubelet && row.whyInKubeletArgs ? row.whyInKubeletArgs : row.why);
      const emptied = r.emptied && site.onEmpty ? site.onEmpty() : undefined;
      // nothing but blanks left: empty the whole string rather than leave its blanks behind
      const blank = r.emptied && !emptied && isBlank(r.edits.reduce((t, [s, e]) => t.slice(0, s) + ' '.repeat(e - s) + t.slice(e), text).replace(/\s/g, ' '));
      const edits = emptied ?? (blank ? [toFileEdit(view, 0, text.length)] : r.edits.map(([s, e]) => toFileEdit(view, s, e)));
      ctx.report({
        range, messageId: 'removed', fix: edits,
        data: { shown, where: emptied ? `${site.label} (the flag was all it held, so it goes as a whole)` : site.label, reason },
      });
    }

    // Whatever is left is not in a place this rule can rewrite: say so, with the place.
    const inComment = (i: number) => scan.comments.some(([s, e]) => s <= i && i < e);
    for (const m of text.matchAll(new RegExp(`${esc}(?![\\w-])`, 'g'))) {
      const i = m.index ?? 0;
      if (inComment(i) || handled.some(([s, e]) => s <= i && i < e)) continue;
      ctx.report({ range: at(i, i + flag.length), severity: 'manual', messageId: 'elsewhere', data: { ...base, label: site.label } });
    }
    opts.site?.({
      ctx, site, scan, inComment,
      report: (s, e, r) => ctx.report({ range: at(s, e), severity: r.severity ?? 'manual', messageId: r.messageId, data: r.data }),
    });
  }

  /** bootstrap_extra_args built from something eks-migrate cannot read. */
  async function computed(ctx: RuleContext, root: HclNode): Promise<void> {
    if (!lead) return;
    const text = ctx.file.text;
    for (const node of computedBootstrapArgs(root, text)) {
      const value = valueOf(node)!;
      const t = value.text.trim();
      const u = unwrap(value);
      if (isArgsPlaceholder(t)) continue; // plumbing: the value is written (and checked) where it is set
      if (u?.type === 'null_lit' || (u && u.type === 'literal_value')) continue;
      if (!/\b(var|local|module|each|data|count|self)\./.test(t)) continue; // only literals inside: checked as strings
      const ref = simpleReference(value);
      if (ref) {
        const folder = await ctx.folder();
        const def = folder.definition(ref.root, ref.name);
        if (def?.site) continue; // a literal in this folder: checked where it is written
      }
      ctx.report({
        range: [value.startIndex, value.endIndex], severity: 'manual', messageId: 'computed',
        data: { ...shared, key: BOOTSTRAP_ARGS_KEY, expr: shortExpr(t) },
      });
    }
  }

  return { handleSite, computed };
}

/**
 * One rule for removed kubelet flags (rows of data/kubelet-flags.json): each row applies when the upgrade reaches the
 * version that removed its flag.
 */
export function removeKubeletFlags(rows: readonly RemovedFlag[], opts: RemoveFlagOptions): RuleModule {
  return {
    meta: withMessages(opts.meta, REMOVE_FLAG_MESSAGES),
    create(ctx) {
      const active = rows.filter((r) => (compareVersions(r.removedIn, ctx.options.target) ?? 1) <= 0);
      const parts = active.map((r, i) => rowParts(r, opts, active, i === 0));
      const all = async (kind: 'hcl' | 'yaml' | 'tfjson' | 'text', tree?: Parameters<typeof textSites>[2]) => {
        for (const site of await textSites(ctx, kind, tree)) for (const p of parts) await p.handleSite(ctx, site);
      };
      return {
        hcl: async (root) => {
          await all('hcl', root);
          for (const p of parts) await p.computed(ctx, root);
          await opts.hcl?.(ctx, root);
        },
        yaml: (docs) => all('yaml', docs),
        tfjson: (docs) => all('tfjson', docs),
        text: () => all('text'),
      };
    },
  };
}

/** A rule that removes one flag (a row of data/kubelet-flags.json). */
export const removeKubeletFlag = (row: RemovedFlag, opts: RemoveFlagOptions): RuleModule => removeKubeletFlags([row], opts);
