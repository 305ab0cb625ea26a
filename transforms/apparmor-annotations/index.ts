/**
 * apparmor-annotations: `container.apparmor.security.beta.kubernetes.io/<name>` annotations move to the container's
 * `securityContext.appArmorProfile` (deprecated from 1.30, the field is GA in 1.31). The mapping is a row of
 * data/annotation-fields.json; this file adds the reports for what is not a pod template. See README.md beside it.
 */
import type { Document, Pair } from 'yaml';
import rows from '../../data/annotation-fields.json';
import type { RuleContext } from '../../src/eks/context';
import { type AnnotationField, annotationToField } from '../../src/k8s/annotation-field';
import { allStrings } from '../../src/parsers/hcl';
import { identityView, type TextView } from '../../src/parsers/views';
import { isMap, isScalar, scalarView, stringScalars } from '../../src/parsers/yaml';
import type { Range } from '../../src/util/range';
import { eolOf } from '../../src/util/text';

export const ROW = (rows as AnnotationField[]).find((r) => r.id === 'apparmor')!;
const MARK = 'apparmor.security.beta.kubernetes.io';
const MARK_RE = /apparmor\.security\.beta\.kubernetes\.io/;

const rangeOf = (n: unknown): Range => {
  const r = (n as { range?: [number, number] } | null)?.range ?? [0, 0];
  return [r[0], r[1]];
};

/** Annotations outside pod templates, and patches or values that point at them. */
function leftovers(ctx: RuleContext, list: readonly Document.Parsed[], handled: ReadonlySet<Pair>): void {
  const text = ctx.file.text;
  for (const d of list) {
    const walk = (n: unknown, depth: number) => {
      if (depth > 100) return;
      if (isMap(n)) {
        for (const p of n.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          if (k.includes(MARK) && !handled.has(p as Pair)) ctx.report({ range: rangeOf(p.key), severity: 'manual', messageId: 'outsideTemplate', data: { key: k } });
          walk(p.value, depth + 1);
        }
      } else if ((n as { items?: unknown[] } | null)?.items) for (const it of (n as { items: unknown[] }).items) walk(it, depth + 1);
    };
    walk(d.contents, 0);
    for (const { node } of stringScalars(d.contents)) {
      if (!MARK_RE.test(node.value as string)) continue;
      const sv = scalarView(node, text);
      const i = sv ? sv.text.search(MARK_RE) : -1;
      ctx.report({ range: sv && i >= 0 ? [sv.toRaw(i), sv.toRaw(i + MARK.length)] : rangeOf(node), severity: 'manual', messageId: 'patch' });
    }
  }
}

function literal(ctx: RuleContext, v: TextView, where: string): void {
  for (const m of v.text.matchAll(/container\.apparmor\.security\.beta\.kubernetes\.io\/[\w.~-]+/g)) {
    const i = m.index ?? 0;
    ctx.report({ range: [v.toRaw(i), v.toRaw(i + m[0].length)], severity: 'manual', messageId: 'literal', data: { key: m[0], where } });
  }
}

export default annotationToField(ROW, {
  meta: {
    id: 'apparmor-annotations',
    title: 'AppArmor annotations to securityContext.appArmorProfile',
    description:
      'Moves container.apparmor.security.beta.kubernetes.io/<name> annotations of every pod template to that container\'s ' +
      'securityContext.appArmorProfile (RuntimeDefault, Localhost with localhostProfile, Unconfined): deprecated from 1.30, GA field in 1.31.',
    version: '1.30',
    fixable: true,
    docs: 'transforms/apparmor-annotations/README.md',
    triggers: { yaml: [MARK], json: [MARK], hcl: [MARK] },
    kinds: ['yaml', 'json', 'hcl', 'text'],
    messages: {
      outsideTemplate: '{{key}} here is not on a pod template eks-migrate knows; the AppArmor annotations are deprecated from 1.30: set securityContext.appArmorProfile instead',
      patch: 'a patch or value that points at an AppArmor annotation: once the manifests move to securityContext.appArmorProfile it no longer matches anything; change it to match',
      literal: '{{key}} in {{where}}: the AppArmor annotations are deprecated from 1.30; eks-migrate rewrites them in YAML manifests only: set securityContext.appArmorProfile (Terraform: security_context) and drop the annotation',
    },
  },
  after: leftovers,
  hcl: (ctx, root) => {
    for (const s of allStrings(root, ctx.file.text)) literal(ctx, s.view, 'Terraform');
  },
  text: (ctx) => {
    if (ctx.file.template) literal(ctx, identityView(ctx.file.text, 0, eolOf(ctx.file.text)), 'this template');
  },
});
