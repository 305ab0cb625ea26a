/**
 * registry-k8s-io: move image references from the frozen k8s.gcr.io to registry.k8s.io. See README.md beside this
 * file.
 */
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { allStrings, type HclNode } from '../../src/parsers/hcl';
import { scanShell } from '../../src/parsers/shell';
import { identityView, type TextView, toFileEdit } from '../../src/parsers/views';
import { isMap, pairOf, type Scalar, scalarText, scalarView, stringScalars, valueAt } from '../../src/parsers/yaml';
import { appendToMap, indentStep } from '../../src/parsers/yaml-edit';
import { eolOf } from '../../src/util/text';

/**
 * The host as a whole name at the start of a reference: not part of a longer host (`xk8s.gcr.io`), not a path
 * segment after another registry (`harbor.example.com/k8s.gcr.io/…`, an ECR pull-through cache: the mirror's own
 * layout), followed by a path, the end, or a quote.
 */
const HOST = /(?<![\w.\/-])k8s\.gcr\.io(?=\/|$|[\s"',;)}\]])/gm;
const NEW_HOST = 'registry.k8s.io';

/** Look-alikes DOMAIN.md §6 says to report, not rewrite. */
const EXCEPTIONS: ReadonlyArray<{ re: RegExp; severity: 'warning' | 'info'; why: string }> = [
  { re: /(?<![\w.-])gcr\.io\/google[-_]containers(?=\/|$|[\s"',])/gm, severity: 'warning', why: 'the old home of the Kubernetes images (k8s.gcr.io served from it); check that the image exists on registry.k8s.io and move it by hand' },
  { re: /(?<![\w.-])(?:us|eu|asia)\.gcr\.io\/k8s-artifacts-prod(?=\/|$|[\s"',])/gm, severity: 'warning', why: 'a regional backend of the frozen k8s.gcr.io; the same image is on registry.k8s.io under its plain path: move it by hand' },
  { re: /(?<![\w.-])gcr\.io\/k8s-staging-[\w-]+(?=\/|$|[\s"',])/gm, severity: 'info', why: 'a staging registry, not a release one; left as it is' },
];

/** Range of `[s, e)` that is not code: comments, or `{{ … }}` in a template. */
type Skip = (i: number) => boolean;

/**
 * A one-line YAML value with words around the reference is text (a ConfigMap note, a description): a reference in it
 * is one only after `=`, a pull / FROM / --image word, or `image:`.
 */
const inProse = (text: string, i: number): boolean => !/\n/.test(text.trim()) && /\s/.test(text.trim()) && !/(=|\b(pull|FROM|image:?|--image)\s+|image:\s*)$/.test(text.slice(0, i));

function scan(ctx: RuleContext, view: TextView, where: string, skip: Skip = () => false, prose = false): void {
  const text = view.text;
  if (!/k8s\.gcr\.io|gcr\.io\//.test(text)) return;
  for (const m of text.matchAll(HOST)) {
    const i = m.index ?? 0;
    if (skip(i)) continue;
    const ref = /^[^\s"',;)}\]]*/.exec(text.slice(i))![0];
    if (prose && inProse(text, i)) {
      ctx.report({ range: [view.toRaw(i), view.toRaw(i + ref.length)], severity: 'info', messageId: 'prose', data: { ref, where } });
      continue;
    }
    ctx.report({
      range: [view.toRaw(i), view.toRaw(i + ref.length)],
      messageId: 'moved',
      data: { ref, to: `${NEW_HOST}${ref.slice('k8s.gcr.io'.length)}`, where },
      fix: toFileEdit(view, i, i + m[0].length, NEW_HOST),
    });
  }
  for (const ex of EXCEPTIONS) {
    for (const m of text.matchAll(ex.re)) {
      const i = m.index ?? 0;
      if (skip(i)) continue;
      const ref = /^[^\s"',;)}\]]*/.exec(text.slice(i))![0];
      ctx.report({ range: [view.toRaw(i), view.toRaw(i + ref.length)], severity: ex.severity, messageId: 'lookAlike', data: { ref, where, why: ex.why } });
    }
  }
}

/**
 * Comments of a Helm template (`# …`, and template comments `{{/* … *` + `/}}`) or a script. A literal in a template action
 * (`default "k8s.gcr.io/x"`) is an image reference like any other.
 */
function skipper(text: string, template: boolean): Skip {
  const ranges: Array<readonly [number, number]> = [];
  if (template) {
    for (const m of text.matchAll(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g)) ranges.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    for (const m of text.matchAll(/(^|[ \t])#.*$/gm)) ranges.push([(m.index ?? 0) + m[1].length, (m.index ?? 0) + m[0].length]);
  } else ranges.push(...scanShell(text).comments);
  return (i) => ranges.some(([s, e]) => s <= i && i < e);
}

/** A Kustomization document (kind, or the kustomize apiVersion). */
const isKustomization = (d: Document.Parsed): boolean => {
  const c = d.contents;
  return scalarText(valueAt(c, 'kind'), '') === 'Kustomization' || /^kustomize\.config\.k8s\.io\//.test(scalarText(valueAt(c, 'apiVersion'), '') ?? '');
};

function create(ctx: RuleContext) {
  const text = ctx.file.text;
  const docs = (list: readonly Document.Parsed[]) => {
    for (const d of list) {
      const kustomization = isKustomization(d);
      for (const { node, path } of stringScalars(d.contents)) {
        if (typeof node.value !== 'string' || !/k8s\.gcr\.io|gcr\.io\//.test(node.value)) continue;
        if (kustomization && path.length === 3 && path[0] === 'images' && path[2] === 'name' && /^k8s\.gcr\.io\//.test(node.value)) {
          matchKey(d, node, Number(path[1]));
          continue;
        }
        const view = scalarView(node, text);
        if (view) scan(ctx, view, path.filter((p) => typeof p === 'string').join('.') || 'this value', undefined, true);
      }
    }
  };

  /**
   * Kustomize `images[].name` is a match key: the base's manifests still say k8s.gcr.io/x, so the name stays and the
   * move goes in `newName` (added when the entry has none; an existing one is moved as any reference).
   */
  const matchKey = (d: Document.Parsed, node: Scalar, index: number) => {
    const value = String(node.value);
    const m = /^k8s\.gcr\.io(\/\S*)$/.exec(value);
    const range = node.range ? ([node.range[0], node.range[1]] as const) : undefined;
    if (!m || !range) return;
    const item = (valueAt(d.contents, 'images') as { items?: unknown[] } | undefined)?.items?.[index];
    if (!isMap(item) || pairOf(item, 'newName')) return;
    const edit = appendToMap(text, item, [['newName', `${NEW_HOST}${m[1]}`]], indentStep(text, d));
    if (!edit) {
      ctx.report({ range, severity: 'manual', messageId: 'matchKeyByHand', data: { ref: value, to: `${NEW_HOST}${m[1]}` } });
      return;
    }
    ctx.report({ range, messageId: 'matchKey', data: { ref: value, to: `${NEW_HOST}${m[1]}` }, fix: { range: edit.range, text: identityView(text, 0, eolOf(text)).encode(edit.text) } });
  };
  return {
    yaml: docs,
    json: docs,
    hcl: (root: HclNode) => {
      for (const s of allStrings(root, text)) scan(ctx, s.view, s.kind === 'heredoc' ? 'this heredoc' : 'this string');
    },
    text: () => scan(ctx, identityView(text, 0, eolOf(text)), ctx.file.template ? 'this template' : 'this file', skipper(text, !!ctx.file.template)),
  };
}

const rule: RuleModule = {
  meta: {
    id: 'registry-k8s-io',
    title: 'Move images from k8s.gcr.io to registry.k8s.io',
    description:
      'Swaps the host k8s.gcr.io for registry.k8s.io in image references (manifests, Helm values and templates, Kustomize images, ' +
      'Terraform strings, Dockerfiles, scripts), keeping path, tag and digest; reports gcr.io/google-containers and other look-alikes.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/registry-k8s-io/README.md',
    triggers: ['k8s.gcr.io', 'gcr.io/google-containers', 'gcr.io/google_containers', 'gcr.io/k8s-staging-', 'k8s-artifacts-prod'],
    kinds: ['hcl', 'yaml', 'json', 'text'],
    messages: {
      moved: '{{ref}} → {{to}} in {{where}}: k8s.gcr.io is frozen (KEP-3720) and 1.27 images were never published there; registry.k8s.io serves the same path, tag and digest',
      lookAlike: '{{ref}} in {{where}}: {{why}}',
      prose: '{{ref}} in {{where}} is mentioned in text, not used as an image: left as it is',
      matchKey: 'Kustomize images[].name {{ref}} is a match key (the base still says k8s.gcr.io): kept, and newName: {{to}} added so the image moves',
      matchKeyByHand: 'Kustomize images[].name {{ref}} is a match key: keep it and add newName: {{to}} to this entry by hand',
    },
  },
  create,
};

export default rule;
