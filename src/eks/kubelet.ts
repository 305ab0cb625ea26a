/**
 * kubelet settings the 1.27 upgrade asks for, and how to put them in each place that configures kubelet:
 * KubeletConfiguration maps (eksctl `kubeletExtraConfig`, AL2023 NodeConfig `spec.kubelet.config`) and kubelet
 * flags (`--kubelet-extra-args '…'` of bootstrap.sh, `kubelet_extra_args`). Values already there are respected:
 * a higher number stays, an explicit `false` stays; nothing is ever written twice.
 */
import type { YAMLMap } from 'yaml';
import { isScalar, pairOf } from '../parsers/yaml';
import { appendToMap, type Entry, replaceScalar, type TextEdit } from '../parsers/yaml-edit';
import type { Word } from '../parsers/shell';
import { innerWords, parseOpts } from './bootstrap';

export interface KubeletSetting {
  /** KubeletConfiguration field. */
  readonly key: string;
  /** The kubelet flag. */
  readonly flag: string;
  readonly value: boolean | number;
  /** 'set': make it this value (an explicit false is kept); 'atLeast': raise lower numbers, keep higher ones. */
  readonly how: 'set' | 'atLeast';
}

export const SECCOMP_DEFAULT: readonly KubeletSetting[] = [{ key: 'seccompDefault', flag: '--seccomp-default', value: true, how: 'set' }];
export const API_QPS: readonly KubeletSetting[] = [
  { key: 'kubeAPIQPS', flag: '--kube-api-qps', value: 50, how: 'atLeast' },
  { key: 'kubeAPIBurst', flag: '--kube-api-burst', value: 100, how: 'atLeast' },
];

export const flagText = (s: KubeletSetting): string => (s.value === true ? s.flag : `${s.flag}=${s.value}`);
const configText = (s: KubeletSetting): string => String(s.value);

export interface Change {
  readonly setting: KubeletSetting;
  readonly kind: 'added' | 'raised' | 'kept-higher' | 'kept-false';
  readonly from?: string;
}

export interface KubeletEdits {
  readonly edits: TextEdit[];
  readonly changes: Change[];
  /** Why nothing could be done here (a placeholder hides the current value). */
  readonly blocked?: string;
}

/** Describes the changes for a message: "added seccompDefault: true; raised kubeAPIQPS 10 → 50". */
export function describeChanges(changes: readonly Change[], style: 'config' | 'flag'): string {
  const name = (s: KubeletSetting) => (style === 'config' ? s.key : s.flag);
  const val = (s: KubeletSetting) => (style === 'config' ? `${s.key}: ${s.value}` : flagText(s));
  const parts: string[] = [];
  const added = changes.filter((c) => c.kind === 'added');
  if (added.length) parts.push(`added ${added.map((c) => val(c.setting)).join(', ')}`);
  for (const c of changes.filter((x) => x.kind === 'raised')) parts.push(`raised ${name(c.setting)} ${c.from} → ${c.setting.value}`);
  for (const c of changes.filter((x) => x.kind === 'kept-higher')) parts.push(`kept ${name(c.setting)} ${c.from} (higher than ${c.setting.value})`);
  for (const c of changes.filter((x) => x.kind === 'kept-false')) parts.push(`kept ${name(c.setting)} ${style === 'config' ? 'false' : '=false'} (set explicitly)`);
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------------------------
// KubeletConfiguration maps

/**
 * Edits that make the KubeletConfiguration map `config` hold `settings`. When the map does not exist, `create`
 * makes the edit that adds it with the given entries.
 */
export function configEdits(
  text: string, config: YAMLMap | undefined, settings: readonly KubeletSetting[], step: number,
  create: (entries: readonly Entry[]) => TextEdit | undefined,
): KubeletEdits {
  const edits: TextEdit[] = [];
  const changes: Change[] = [];
  const missing: KubeletSetting[] = [];
  for (const s of settings) {
    const p = config ? pairOf(config, s.key) : undefined;
    if (!p) {
      missing.push(s);
      continue;
    }
    const v = p.value;
    if (!isScalar(v)) continue;
    if (s.how === 'set') {
      if (v.value === false || String(v.value).toLowerCase() === 'false') changes.push({ setting: s, kind: 'kept-false' });
      continue;
    }
    const n = Number(v.value);
    if (!Number.isFinite(n)) continue;
    if (n < (s.value as number)) {
      const e = replaceScalar(v, configText(s));
      if (e) {
        edits.push(e);
        changes.push({ setting: s, kind: 'raised', from: String(v.value) });
      }
    } else if (n > (s.value as number)) changes.push({ setting: s, kind: 'kept-higher', from: String(v.value) });
  }
  if (missing.length) {
    const entries: Entry[] = missing.map((s) => [s.key, configText(s)]);
    const e = config ? appendToMap(text, config, entries, step) : create(entries);
    if (!e) return { edits: [], changes: [], blocked: 'the map is laid out in a way eks-migrate does not edit' };
    edits.push(e);
    for (const s of missing) changes.push({ setting: s, kind: 'added' });
  }
  return { edits, changes };
}

// ---------------------------------------------------------------------------------------------------------------
// kubelet flags

/** Edits that make a list of kubelet flags hold `settings`; additions go after the last word (or at `emptyAt`). */
export function kubeletListEdits(text: string, words: readonly Word[], settings: readonly KubeletSetting[], emptyAt: number): KubeletEdits {
  const placeholder = words.find((w) => w.value === undefined && w.prefix === '');
  if (placeholder) return { edits: [], changes: [], blocked: text.slice(placeholder.start, placeholder.end) };
  const opts = parseOpts(text, words, 'kubelet');
  const edits: TextEdit[] = [];
  const changes: Change[] = [];
  const missing: KubeletSetting[] = [];
  for (const s of settings) {
    const o = [...opts].reverse().find((x) => x.name === s.flag);
    if (!o) {
      missing.push(s);
      continue;
    }
    const vw = o.valueIdx !== undefined ? words[o.valueIdx] : undefined;
    const value = o.isInline ? o.inline : vw?.value;
    if (s.how === 'set') {
      if (value !== undefined && value.toLowerCase() === 'false') changes.push({ setting: s, kind: 'kept-false' });
      continue;
    }
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n)) continue;
    if (n < (s.value as number)) {
      const w = words[o.nameIdx];
      const range: readonly [number, number] = o.isInline ? [w.start + text.slice(w.start, w.end).indexOf('=') + 1, w.end] : [vw!.start, vw!.end];
      edits.push({ range, text: String(s.value) });
      changes.push({ setting: s, kind: 'raised', from: value });
    } else if (n > (s.value as number)) changes.push({ setting: s, kind: 'kept-higher', from: value });
  }
  if (missing.length) {
    const add = missing.map(flagText).join(' ');
    const last = words[words.length - 1];
    edits.push(last ? { range: [last.end, last.end], text: ` ${add}` } : { range: [emptyAt, emptyAt], text: add });
    for (const s of missing) changes.push({ setting: s, kind: 'added' });
  }
  return { edits, changes };
}

/**
 * Edits that put `settings` into the `--kubelet-extra-args` of a bootstrap.sh argument list (words[from…]),
 * merging into its value in its own quote style, or adding `--kubelet-extra-args '…'` after the last word
 * (or at `emptyAt` when the list is empty).
 */
export function bootstrapArgsEdits(text: string, words: readonly Word[], from: number, settings: readonly KubeletSetting[], emptyAt: number): KubeletEdits {
  const opts = parseOpts(text, words, 'bootstrap', from);
  const kea = [...opts].reverse().find((o) => o.name === '--kubelet-extra-args');
  if (!kea) {
    // a placeholder that may bring its own --kubelet-extra-args (${bootstrap_extra_args}): a second one would
    // replace it, since bootstrap.sh keeps the last
    const consumed = new Set(opts.flatMap((o) => [o.nameIdx, o.valueIdx]));
    const risky = words.slice(from).find((w, k) => !consumed.has(from + k) && w.value === undefined && w.prefix === '' && /arg|extra|flag|opt|\$@|\$\*/i.test(text.slice(w.start, w.end)));
    if (risky) return { edits: [], changes: [], blocked: text.slice(risky.start, risky.end) };
    const add = `--kubelet-extra-args '${settings.map(flagText).join(' ')}'`;
    const last = words[words.length - 1];
    return {
      edits: [last ? { range: [last.end, last.end], text: ` ${add}` } : { range: [emptyAt, emptyAt], text: add }],
      changes: settings.map((s) => ({ setting: s, kind: 'added' as const })),
    };
  }
  if (kea.isInline || kea.valueIdx === undefined) return { edits: [], changes: [], blocked: text.slice(words[kea.nameIdx].start, words[kea.nameIdx].end) };
  const vw = words[kea.valueIdx];
  const inner = innerWords(text, vw);
  if (!inner) return { edits: [], changes: [], blocked: text.slice(vw.start, vw.end) };
  const r = kubeletListEdits(text, inner.words, settings, inner.range[0]);
  if (r.blocked || vw.quote || !r.edits.length) return r;
  // a bare value (--kubelet-extra-args --max-pods=20): quote it to hold more than one flag
  let merged = text.slice(vw.start, vw.end);
  for (const e of [...r.edits].sort((a, b) => b.range[0] - a.range[0])) merged = merged.slice(0, e.range[0] - vw.start) + e.text + merged.slice(e.range[1] - vw.start);
  return { edits: [{ range: [vw.start, vw.end], text: `'${merged}'` }], changes: r.changes };
}
