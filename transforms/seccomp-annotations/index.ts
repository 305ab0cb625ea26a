/**
 * seccomp-annotations: the seccomp alpha annotations do nothing from 1.27; move them to securityContext.seccompProfile.
 * The mapping is a row of data/annotation-fields.json; this file adds what only seccomp has: PodSecurityPolicy's
 * annotations, annotations outside pod templates, patches that point at them, Terraform and templates.
 * See README.md beside this file.
 */
import type { Pair } from 'yaml';
import rows from '../../data/annotation-fields.json';
import type { RuleContext } from '../../src/eks/context';
import { type AnnotationField, annotationToField, profileOf, type Profile } from '../../src/k8s/annotation-field';
import { objectLabel } from '../../src/k8s/manifests';
import { allStrings } from '../../src/parsers/hcl';
import { identityView, type TextView } from '../../src/parsers/views';
import { isMap, isScalar, valueAt } from '../../src/parsers/yaml';
import type { Range } from '../../src/util/range';
import { eolOf } from '../../src/util/text';

export const ROW = (rows as AnnotationField[]).find((r) => r.id === 'seccomp')!;
const ALPHA = 'seccomp.security.alpha.kubernetes.io';

/** DOMAIN.md §5 (kubernetes pkg/api/pod/util.go). */
export const profileFor = (value: string): Profile | undefined => profileOf(ROW, value);

const rangeOf = (n: unknown): Range => {
  const r = (n as { range?: [number, number] } | null)?.range ?? [0, 0];
  return [r[0], r[1]];
};

/** Terraform (kubernetes_* annotations) and templates: report where they are. */
function literal(ctx: RuleContext, v: TextView, where: string): void {
  for (const m of v.text.matchAll(/(?:container\.)?seccomp\.security\.alpha\.kubernetes\.io\/[\w.~-]+/g)) {
    const i = m.index ?? 0;
    ctx.report({
      range: [v.toRaw(i), v.toRaw(i + m[0].length)], severity: 'manual', messageId: 'literal',
      data: { key: m[0], where, instead: where === 'Terraform' ? 'use security_context { seccomp_profile { … } } in the pod spec' : 'set securityContext.seccompProfile in the template' },
    });
  }
}

export default annotationToField(ROW, {
  meta: {
    id: 'seccomp-annotations',
    title: 'Seccomp alpha annotations to securityContext.seccompProfile',
    description:
      'Moves seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<name> annotations of every pod ' +
      'template to securityContext.seccompProfile (they do nothing from 1.27), and reports the ones it cannot move.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/seccomp-annotations/README.md',
    triggers: { yaml: [ALPHA], json: [ALPHA], hcl: [ALPHA] },
    kinds: ['yaml', 'json', 'hcl', 'text'],
    messages: {
      psp: '{{label}}: {{key}} belongs to PodSecurityPolicy, removed in 1.25 with no securityContext equivalent; replace the policy with Pod Security Admission or a policy engine',
      outsideTemplate: '{{key}} here is not on a pod template eks-migrate knows ({{podKey}} and {{containerPrefix}}<name> on Pod, Deployment, …, CronJob); the alpha annotations do nothing from 1.27: set securityContext.seccompProfile instead',
      patch: 'a patch or value that points at a seccomp alpha annotation: once the manifests move to securityContext.seccompProfile this no longer matches anything (a JSON patch "remove" fails); change it to match',
      literal: '{{key}} in {{where}}: the seccomp alpha annotations do nothing from 1.27 (PodSecurityPolicy\'s were removed in 1.25); eks-migrate rewrites them in YAML manifests only: {{instead}} and drop the annotation',
    },
  },
  // PodSecurityPolicy's annotations have no field to go to
  object: (ctx, o, handled) => {
    if (o.kind !== 'PodSecurityPolicy') return false;
    const ann = valueAt(valueAt(o.map, 'metadata'), 'annotations');
    if (!isMap(ann)) return true;
    for (const p of ann.items) {
      if (!isScalar(p.key) || !String(p.key.value).startsWith(`${ALPHA}/`)) continue;
      handled.add(p as Pair);
      ctx.report({ range: rangeOf(p.key), severity: 'manual', messageId: 'psp', data: { label: objectLabel(o), key: String(p.key.value) } });
    }
    return true;
  },
  leftovers: true,
  hcl: (ctx, root) => {
    for (const s of allStrings(root, ctx.file.text)) literal(ctx, s.view, 'Terraform');
  },
  text: (ctx) => {
    if (ctx.file.template) literal(ctx, identityView(ctx.file.text, 0, eolOf(ctx.file.text)), 'this template');
  },
});
