/**
 * container-runtime-flag: remove `--container-runtime` from everything that reaches bootstrap.sh or kubelet.
 * See README.md beside this file.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { bootstrapCalls, looksLikeToml, parseOpts, removeFlag, type FlagRemoval } from '../../src/eks/bootstrap';
import { isKnown, type ResolvedVersion } from '../../src/eks/cluster-version';
import { eksctlVersion, isClusterConfig } from '../../src/eks/eksctl';
import { compareVersions } from '../../src/eks/versions';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import type { Edit } from '../../src/engine/types';
import {
  allStrings, asString, findKeyed, type HclNode, keyName, objectElems, ownerOf, simpleReference, unwrap, valueOf,
} from '../../src/parsers/hcl';
import { scanShell } from '../../src/parsers/shell';
import { identityView, type TextView, toFileEdit } from '../../src/parsers/views';
import { scalarView, stringScalars } from '../../src/parsers/yaml';
import { entryLines, eolOf, isBlank } from '../../src/util/text';

const FLAG = '--container-runtime';
const FLAG_RE = /--container-runtime(?![\w-])/g;
const hasFlag = (s: string) => /--container-runtime(?![\w-])/.test(s);

/** How the text of a string is read. */
type Mode =
  | 'script' // shell that may call bootstrap.sh (user data, templates, eksctl bootstrap commands)
  | 'args' // arguments appended to bootstrap.sh (`bootstrap_extra_args`)
  | 'kubelet' // kubelet flags (`kubelet_extra_args`, a string of flags)
  | 'other';

interface Site {
  readonly view: TextView;
  readonly mode: Mode;
  /** What holds the text, in the user's words ("bootstrap_extra_args", "overrideBootstrapCommand"). */
  readonly label: string;
  readonly version: ResolvedVersion;
  /** Edits that remove the holder when the flag was all it held (the bootstrap_extra_args attribute line). */
  readonly onEmpty?: () => Edit[] | undefined;
}

const UNKNOWN: ResolvedVersion = { sites: [] };

function modeFor(key: string | undefined, text: string, fallback: Mode = 'other'): Mode {
  if (key && /^(bootstrap_extra_args|bootstrapExtraArgs)$/.test(key)) return 'args';
  if (key && /^(kubelet_extra_args|kubeletExtraArgs|KUBELET_EXTRA_ARGS)$/.test(key)) return 'kubelet';
  if (/bootstrap\.sh/.test(text)) return 'script';
  // a string of flags: bootstrap.sh arguments when it carries --kubelet-extra-args, else kubelet flags (whose
  // values are read only where they are not flags themselves)
  if (/^\s*--?[A-Za-z]/.test(text)) return /--kubelet-extra-args(?![\w-])/.test(text) ? 'args' : 'kubelet';
  return fallback;
}

const where = (v: ResolvedVersion) => {
  const s = v.sites[0];
  return s ? ` (${s.via === 'literal' ? 'set' : s.via} in ${path.basename(s.file)})` : '';
};

/** Reports and fixes the flag in one site. */
/** Worth scanning: the flag, a Windows bootstrap call, CONTAINER_RUNTIME=, or an argument list with placeholders. */
const worthScanning = (text: string, mode: Mode) =>
  hasFlag(text) || /EKSBootstrap|CONTAINER_RUNTIME=/.test(text) || (mode === 'args' && /\$\{|%\{/.test(text));


function handleSite(ctx: RuleContext, site: Site): void {
  const { view } = site;
  const text = view.text;
  if (!worthScanning(text, site.mode)) return;
  const scan = scanShell(text);
  const handled: Array<readonly [number, number]> = [];
  const removals: FlagRemoval[] = [];

  if (site.mode === 'script') {
    for (const call of bootstrapCalls(scan)) removals.push(removeFlag(text, call.words, FLAG, 'bootstrap', call.script + 1));
  } else if (site.mode === 'args' || site.mode === 'kubelet') {
    const words = scan.commands.flatMap((c) => c.words);
    removals.push(removeFlag(text, words, FLAG, site.mode === 'args' ? 'bootstrap' : 'kubelet'));
    if (site.mode === 'args' && !looksLikeToml(text)) {
      // a placeholder standing as a whole argument may bring any flag with it, --container-runtime included
      const values = new Set(parseOpts(text, words, 'bootstrap').map((o) => o.valueIdx));
      words.forEach((w, k) => {
        const raw = text.slice(w.start, w.end);
        if (w.value !== undefined || w.prefix !== '' || values.has(k) || /(bootstrap|kubelet)_extra_args/i.test(raw)) return;
        ctx.report({
          range: [view.toRaw(w.start), view.toRaw(w.end)],
          severity: 'manual',
          message: `${site.label} includes \`${raw}\`, which eks-migrate cannot read; make sure it does not pass ${FLAG} (kubelet 1.27 no longer has the flag)`,
        });
      });
    }
  }

  const minor = compareVersions(site.version.value, '1.24');
  for (const r of removals) {
    if (!r.hits.length) continue;
    handled.push(...r.hits.map((h) => h.range));
    const first = r.hits[0];
    const shown = r.hits.map((h) => `\`${text.slice(h.range[0], h.range[1]).replace(/\s+/g, ' ')}\``).join(', ');
    const at: [number, number] = [view.toRaw(first.range[0]), view.toRaw(first.range[1])];
    if (isKnown(site.version) && minor !== undefined && minor < 0) {
      ctx.report({
        range: at,
        severity: 'manual',
        message: `kept ${shown} in ${site.label}: this cluster is at ${site.version.value}${where(site.version)}, where bootstrap.sh still defaults to dockerd and removing the flag switches nodes back to it; remove it once the cluster runs 1.24 or later (eks-migrate does it then)`,
      });
      continue;
    }
    const fatal = r.hits.some((h) => h.value === 'dockerd' || h.value === 'docker');
    const inKubelet = r.hits.some((h) => h.inKubeletArgs);
    let reason: string;
    if (fatal) reason = 'dockerd is already fatal from 1.24 (bootstrap.sh exits 1: containerd is the only runtime), and 1.27 drops the flag';
    else if (inKubelet) reason = 'kubelet 1.27 removed this flag and fails to start when it gets it';
    else reason = 'kubelet 1.27 removed the flag and EKS ignores it from 1.27: remove it from every node creation workflow';
    const emptied = r.emptied && site.onEmpty ? site.onEmpty() : undefined;
    // nothing but blanks left: empty the whole string rather than leave its blanks behind
    const blank = r.emptied && !emptied && isBlank(r.edits.reduce((t, [s, e]) => t.slice(0, s) + ' '.repeat(e - s) + t.slice(e), text).replace(/\s/g, ' '));
    const edits = emptied ?? (blank ? [toFileEdit(view, 0, text.length)] : r.edits.map(([s, e]) => toFileEdit(view, s, e)));
    ctx.report({
      range: at,
      message: `removed ${shown} from ${emptied ? `${site.label} (the flag was all it held, so the line goes)` : site.label}: ${reason}`,
      fix: edits,
    });
  }

  // Whatever is left is not in a place this rule can rewrite: say so, with the place.
  const inComment = (i: number) => scan.comments.some(([s, e]) => s <= i && i < e);
  for (const m of text.matchAll(FLAG_RE)) {
    const i = m.index ?? 0;
    if (inComment(i) || handled.some(([s, e]) => s <= i && i < e)) continue;
    ctx.report({
      range: [view.toRaw(i), view.toRaw(i + FLAG.length)],
      severity: 'manual',
      message: `\`${FLAG}\` in ${site.label} is not in a bootstrap.sh call or argument list that eks-migrate can rewrite; remove it by hand (kubelet 1.27 no longer has the flag)`,
    });
  }
  for (const m of text.matchAll(/\bCONTAINER_RUNTIME=(["']?)(dockerd|docker)\1/g)) {
    const i = m.index ?? 0;
    if (inComment(i)) continue;
    ctx.report({
      range: [view.toRaw(i), view.toRaw(i + m[0].length)],
      severity: 'manual',
      message: `${site.label} sets \`${m[0]}\`: bootstrap.sh exits 1 for dockerd from 1.24 (containerd is the only runtime); remove the setting`,
    });
  }
  for (const m of text.matchAll(/-ContainerRuntime\s+(["']?)([\w-]+)\1/g)) {
    if (!/EKSBootstrap/.test(text)) break;
    const i = m.index ?? 0;
    const docker = /^docker/.test(m[2]);
    ctx.report({
      range: [view.toRaw(i), view.toRaw(i + m[0].length)],
      severity: docker ? 'manual' : 'warning',
      message: `${site.label} passes \`${m[0]}\` to the Windows bootstrap script: containerd is the only runtime on EKS Windows nodes from 1.24${docker ? ', so this value fails' : ''}; eks-migrate does not rewrite PowerShell, drop the argument by hand`,
    });
  }
}

// -----------------------------------------------------------------------------------------------------------------
// HCL

async function hcl(ctx: RuleContext, root: HclNode): Promise<void> {
  const text = ctx.file.text;
  for (const s of allStrings(root, text)) {
    const owner = ownerOf(s.node);
    const v = s.view.text;
    const mode = modeFor(owner?.name, v);
    if (!worthScanning(v, mode)) continue;
    const onEmpty =
      owner?.name === 'bootstrap_extra_args' && owner.direct
        ? () => {
            const r = entryLines(text, owner.node.startIndex, owner.node.endIndex);
            return r ? [{ range: r, text: '' }] : undefined;
          }
        : undefined;
    handleSite(ctx, {
      view: s.view, mode, onEmpty,
      label: owner?.name ?? (s.kind === 'heredoc' ? 'this heredoc' : 'this string'),
      version: await ctx.versionAt(s.node.startIndex),
    });
  }

  // bootstrap_extra_args built from something eks-migrate cannot read
  for (const node of findKeyed(root, 'bootstrap_extra_args')) {
    const value = valueOf(node);
    if (!value || asString(value, text)) continue;
    const t = value.text.trim();
    const u = unwrap(value);
    if (/bootstrap_extra_args/.test(t)) continue; // plumbing: the value is written (and checked) where it is set
    if (u?.type === 'null_lit' || (u && u.type === 'literal_value')) continue;
    if (!/\b(var|local|module|each|data|count|self)\./.test(t)) continue; // only literals inside: checked above
    const ref = simpleReference(value);
    if (ref) {
      const folder = await ctx.folder();
      const def = folder.definition(ref.root, ref.name);
      if (def?.site) continue; // a literal in this folder: checked where it is written
    }
    ctx.report({
      range: [value.startIndex, value.endIndex],
      severity: 'manual',
      message: `bootstrap_extra_args is set from \`${t.length > 60 ? t.slice(0, 57) + '...' : t}\`, which eks-migrate cannot read here; make sure it does not pass ${FLAG} (kubelet 1.27 no longer has the flag)`,
    });
  }

  // terraform-aws-eks v17: bootstrap_env = { CONTAINER_RUNTIME = "containerd" }
  for (const node of findKeyed(root, 'bootstrap_env')) {
    const elems = objectElems(valueOf(node));
    const cr = elems.find((e) => keyName(e) === 'CONTAINER_RUNTIME');
    if (!cr) continue;
    const value = asString(valueOf(cr), text)?.view.text;
    const version = await ctx.versionAt(cr.startIndex);
    const shown = `CONTAINER_RUNTIME = ${valueOf(cr)?.text.trim()}`;
    const range: [number, number] = [cr.startIndex, cr.endIndex];
    const minor = compareVersions(version.value, '1.24');
    if (isKnown(version) && minor !== undefined && minor < 0) {
      ctx.report({ range, severity: 'manual', message: `kept \`${shown}\` in bootstrap_env: this cluster is at ${version.value}${where(version)}, where bootstrap.sh still defaults to dockerd; remove it once the cluster runs 1.24 or later` });
      continue;
    }
    const lines = elems.length === 1 ? entryLines(text, node.startIndex, node.endIndex) : entryLines(text, cr.startIndex, cr.endIndex);
    const why = value === 'dockerd' || value === 'docker'
      ? 'dockerd is already fatal from 1.24 (bootstrap.sh exits 1)'
      : 'bootstrap.sh reads it as --container-runtime, which 1.27 no longer needs';
    if (!lines) {
      ctx.report({ range, severity: 'manual', message: `remove \`${shown}\` from bootstrap_env by hand: ${why}` });
      continue;
    }
    ctx.report({ range, message: `removed \`${shown}\` from bootstrap_env${elems.length === 1 ? ' (it was the only entry, so bootstrap_env goes)' : ''}: ${why}`, fix: { range: lines, text: '' } });
  }
}

// -----------------------------------------------------------------------------------------------------------------
// YAML (eksctl bootstrap commands, CloudFormation user data, …) and .tf.json

function yamlLike(ctx: RuleContext, docs: readonly Document.Parsed[], fileVersion: ResolvedVersion | undefined): void {
  const text = ctx.file.text;
  for (const doc of docs) {
    const eksctl = isClusterConfig(doc);
    const version: ResolvedVersion = eksctl ? { value: eksctlVersion(doc, text).value, sites: [] } : fileVersion ?? UNKNOWN;
    for (const { node, path: keys } of stringScalars(doc.contents)) {
      const value = node.value as string;
      const key = [...keys].reverse().find((k): k is string => typeof k === 'string');
      const script = key === 'overrideBootstrapCommand' || key === 'preBootstrapCommands';
      const mode = script ? 'script' : modeFor(key, value);
      if (!worthScanning(value, mode)) continue;
      const view = scalarView(node, text);
      if (!view) continue;
      handleSite(ctx, { view, mode, label: key ?? 'this value', version });
    }
  }
}

const rule: RuleModule = {
  meta: {
    id: 'container-runtime-flag',
    title: 'Remove --container-runtime from node bootstrap',
    description:
      'Kubernetes 1.27 removed kubelet\'s --container-runtime flag and EKS ignores the bootstrap.sh argument from 1.27. ' +
      'Removes it from Terraform bootstrap_extra_args, user-data heredocs and templates, --kubelet-extra-args, and eksctl bootstrap commands.',
    version: '1.27',
    fixable: true,
    runsAfter: ['kubelet-seccomp-default', 'kubelet-api-qps'],
    docs: 'transforms/container-runtime-flag/README.md',
    triggers: {
      hcl: ['--container-runtime', 'CONTAINER_RUNTIME', 'bootstrap_extra_args', '-ContainerRuntime'],
      tfjson: ['--container-runtime', 'CONTAINER_RUNTIME', 'bootstrap_extra_args'],
      yaml: ['--container-runtime', 'CONTAINER_RUNTIME', 'bootstrap_extra_args', '-ContainerRuntime'],
      // any other file is a script only when it calls bootstrap.sh
      text: ['bootstrap.sh'],
    },
    kinds: ['hcl', 'tfjson', 'yaml', 'text'],
  },
  create(ctx) {
    return {
      hcl: (root) => hcl(ctx, root),
      yaml: (docs) => yamlLike(ctx, docs, undefined),
      tfjson: async (docs) => yamlLike(ctx, docs, await ctx.versionAt(0)),
      text: async () =>
        handleSite(ctx, {
          view: identityView(ctx.file.text, 0, eolOf(ctx.file.text)),
          mode: modeFor(undefined, ctx.file.text, 'other'),
          label: path.basename(ctx.file.path),
          version: await ctx.versionAt(0),
        }),
    };
  },
};

export default rule;
