/**
 * apparmor-annotations: `container.apparmor.security.beta.kubernetes.io/<name>` annotations move to the container's
 * `securityContext.appArmorProfile` (deprecated from 1.30, the field is GA in 1.31). The mapping is a row of
 * data/annotation-fields.json; this file adds the reports for what is not a pod template. See README.md beside it.
 */
import rows from '../../data/annotation-fields.json';
import type { RuleContext } from '../../src/eks/context';
import { type AnnotationField, annotationToField } from '../../src/k8s/annotation-field';
import { allStrings } from '../../src/parsers/hcl';
import { identityView, type TextView } from '../../src/parsers/views';
import { eolOf } from '../../src/util/text';

export const ROW = (rows as AnnotationField[]).find((r) => r.id === 'apparmor')!;
const MARK = 'apparmor.security.beta.kubernetes.io';

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
  leftovers: true,
  hcl: (ctx, root) => {
    for (const s of allStrings(root, ctx.file.text)) literal(ctx, s.view, 'Terraform');
  },
  text: (ctx) => {
    if (ctx.file.template) literal(ctx, identityView(ctx.file.text, 0, eolOf(ctx.file.text)), 'this template');
  },
});
