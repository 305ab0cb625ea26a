/**
 * removed-apis: move objects off API versions that Kubernetes removed at or before the target. Auto-fixes only where
 * the replacement takes the object as written; otherwise names the fields to change. See README.md beside this file.
 */
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { compareVersions } from '../../src/eks/versions';
import { type HclNode, allObjects, asString, keyName, objectElems, valueOf } from '../../src/parsers/hcl';
import { isMap, isScalar, isSeq, pairOf, valueAt, type YAMLMap } from '../../src/parsers/yaml';
import { replaceScalar } from '../../src/parsers/yaml-edit';
import { k8sObjects, objectLabel } from '../../src/k8s/manifests';

interface Move {
  readonly from: string;
  readonly kinds: readonly string[];
  readonly to: string;
  /** The Kubernetes version that no longer serves `from`. */
  readonly removedIn: string;
  /**
   * Why the object cannot simply move (the fields to change), or undefined when it can. `null` object: eks-migrate
   * cannot look at the fields (Terraform), so only unconditional moves are automatic there.
   */
  readonly check?: (o: YAMLMap | null) => string | undefined;
  /** No replacement at all. */
  readonly gone?: string;
}

const has = (m: unknown, ...path: string[]): boolean => {
  let cur: unknown = m;
  for (const p of path) {
    if (!isMap(cur)) return false;
    cur = valueAt(cur, p);
  }
  return cur !== undefined && cur !== null;
};
const always = (why: string) => () => why;
const unlessFields = (why: string, ...paths: string[][]) => (o: YAMLMap | null) => (o === null || paths.some((p) => has(o, ...p)) ? why : undefined);

/** From the Kubernetes deprecated API migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide). */
export const MOVES: readonly Move[] = [
  // 1.16
  { from: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], to: 'apps/v1', removedIn: '1.16', check: always('apps/v1 requires spec.selector (matching the template labels) and changes defaults (rolling update limits, revisionHistoryLimit, progressDeadlineSeconds); spec.rollbackTo and spec.templateGeneration are gone') },
  { from: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet'], to: 'apps/v1', removedIn: '1.16', check: always('apps/v1 requires spec.selector and changes defaults (updateStrategy, revisionHistoryLimit)') },
  { from: 'apps/v1beta2', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'], to: 'apps/v1', removedIn: '1.16', check: (o) => (o === null || !has(o, 'spec', 'selector') ? 'apps/v1 requires spec.selector (matching the template labels)' : undefined) },
  { from: 'extensions/v1beta1', kinds: ['NetworkPolicy'], to: 'networking.k8s.io/v1', removedIn: '1.16' },
  { from: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], to: '', removedIn: '1.16', gone: 'PodSecurityPolicy was removed in 1.25 altogether: replace it with Pod Security Admission (namespace labels) or a policy engine' },
  // 1.22
  { from: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], to: 'admissionregistration.k8s.io/v1', removedIn: '1.22', check: always('v1 requires webhooks[].sideEffects and webhooks[].admissionReviewVersions, and changes the defaults of failurePolicy (Ignore → Fail), matchPolicy and timeoutSeconds') },
  { from: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], to: 'apiextensions.k8s.io/v1', removedIn: '1.22', check: always('v1 requires a structural schema per version (spec.validation moves to spec.versions[].schema.openAPIV3Schema), and renames or drops several fields') },
  { from: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], to: 'apiregistration.k8s.io/v1', removedIn: '1.22' },
  { from: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], to: 'authentication.k8s.io/v1', removedIn: '1.22' },
  { from: 'authorization.k8s.io/v1beta1', kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], to: 'authorization.k8s.io/v1', removedIn: '1.22', check: unlessFields('spec.group is renamed spec.groups in v1', ['spec', 'group']) },
  { from: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], to: 'certificates.k8s.io/v1', removedIn: '1.22', check: always('v1 requires spec.signerName and spec.usages, and restricts the signer names and usages') },
  { from: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], to: 'coordination.k8s.io/v1', removedIn: '1.22' },
  { from: 'extensions/v1beta1', kinds: ['Ingress'], to: 'networking.k8s.io/v1', removedIn: '1.22', check: always('v1 renames backend.serviceName / servicePort to backend.service.name / port.number (or port.name), spec.backend to spec.defaultBackend, and requires pathType on every path') },
  { from: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], to: 'networking.k8s.io/v1', removedIn: '1.22', check: always('v1 renames backend.serviceName / servicePort to backend.service.name / port.number (or port.name), spec.backend to spec.defaultBackend, and requires pathType on every path') },
  { from: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], to: 'networking.k8s.io/v1', removedIn: '1.22' },
  { from: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], to: 'rbac.authorization.k8s.io/v1', removedIn: '1.22' },
  { from: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], to: 'scheduling.k8s.io/v1', removedIn: '1.22' },
  { from: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], to: 'storage.k8s.io/v1', removedIn: '1.22' },
  // 1.25
  { from: 'batch/v1beta1', kinds: ['CronJob'], to: 'batch/v1', removedIn: '1.25' },
  { from: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], to: 'discovery.k8s.io/v1', removedIn: '1.25', check: (o) => (o === null || endpointsHaveTopology(o) ? 'v1 drops endpoints[].topology (use nodeName and zone) and renames it deprecatedTopology' : undefined) },
  { from: 'events.k8s.io/v1beta1', kinds: ['Event'], to: 'events.k8s.io/v1', removedIn: '1.25', check: always('v1 limits type to Normal and Warning, requires eventTime for new events, and renames the deprecated fields (deprecatedSource, deprecatedFirstTimestamp, …)') },
  { from: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], to: 'autoscaling/v2', removedIn: '1.25', check: unlessFields('autoscaling/v2 reshapes spec.metrics (targetAverageUtilization → target.averageUtilization, targetAverageValue → target.averageValue, …)', ['spec', 'metrics']) },
  { from: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], to: 'policy/v1', removedIn: '1.25', check: (o) => (o === null || !selectorIsSet(o) ? 'in policy/v1 an empty spec.selector selects every pod of the namespace (in v1beta1 it selected none): set the selector you mean' : undefined) },
  { from: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], to: '', removedIn: '1.25', gone: 'PodSecurityPolicy was removed in 1.25: replace it with Pod Security Admission (namespace labels) or a policy engine' },
  { from: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], to: 'node.k8s.io/v1', removedIn: '1.25' },
  // 1.26
  { from: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema'], to: 'flowcontrol.apiserver.k8s.io/v1beta3', removedIn: '1.26' },
  { from: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['PriorityLevelConfiguration'], to: 'flowcontrol.apiserver.k8s.io/v1beta3', removedIn: '1.26', check: unlessFields('v1beta3 renames spec.limited.assuredConcurrencyShares to nominalConcurrencyShares', ['spec', 'limited', 'assuredConcurrencyShares']) },
  { from: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], to: 'autoscaling/v2', removedIn: '1.26' },
  // 1.27
  { from: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], to: 'storage.k8s.io/v1', removedIn: '1.27' },
  // 1.29, 1.32 (for later targets)
  { from: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema'], to: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.29' },
  { from: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['PriorityLevelConfiguration'], to: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.29', check: unlessFields('v1 renames spec.limited.assuredConcurrencyShares to nominalConcurrencyShares', ['spec', 'limited', 'assuredConcurrencyShares']) },
  { from: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], to: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.32' },
];

function endpointsHaveTopology(o: YAMLMap): boolean {
  const eps = valueAt(o, 'endpoints');
  return isSeq(eps) && eps.items.some((e) => has(e, 'topology'));
}

function selectorIsSet(o: YAMLMap): boolean {
  const sel = valueAt(valueAt(o, 'spec'), 'selector');
  return isMap(sel) && sel.items.some((p) => {
    const v = p.value;
    return (isMap(v) && v.items.length > 0) || (isSeq(v) && v.items.length > 0);
  });
}

export const moveFor = (apiVersion: string, kind: string, target: string): Move | undefined =>
  MOVES.find((m) => m.from === apiVersion && m.kinds.includes(kind) && (compareVersions(m.removedIn, target) ?? 1) <= 0);

function create(ctx: RuleContext) {
  const text = ctx.file.text;
  const target = ctx.options.target;
  const docs = (list: readonly Document.Parsed[]) => {
    for (const o of k8sObjects(list)) {
      const m = moveFor(o.apiVersion, o.kind, target);
      if (!m) continue;
      const node = pairOf(o.map, 'apiVersion')?.value;
      if (!isScalar(node) || !node.range) continue;
      const range: [number, number] = [node.range[0], node.range[1]];
      const label = `${objectLabel(o)} (${o.apiVersion})`;
      if (m.gone) {
        ctx.report({ range, severity: 'manual', message: `${label}: ${m.gone}` });
        continue;
      }
      const why = m.check?.(o.map);
      if (why) {
        ctx.report({ range, severity: 'manual', message: `${label} was removed in ${m.removedIn}: move it to ${m.to} by hand; ${why}` });
        continue;
      }
      const e = replaceScalar(node, m.to);
      if (e) ctx.report({ range, message: `${label} was removed in ${m.removedIn}: moved to ${m.to}, which takes the object as written`, fix: e });
    }
  };
  const hcl = (root: HclNode) => {
    // kubernetes_manifest { manifest = { apiVersion = "…", kind = "…", … } }
    for (const n of allObjects(root)) {
      const elems = objectElems(n);
      const get = (k: string) => elems.find((e) => keyName(e) === k);
      const av = get('apiVersion');
      const kd = get('kind');
      const avs = av && asString(valueOf(av), text);
      const kind = kd && asString(valueOf(kd), text)?.view.text;
      if (!avs || avs.templated || !kind) continue;
      const m = moveFor(avs.view.text, kind, target);
      if (!m) continue;
      const range: [number, number] = [avs.content[0], avs.content[1]];
      const label = `${kind} (${avs.view.text})`;
      if (m.gone) ctx.report({ range, severity: 'manual', message: `${label}: ${m.gone}` });
      else if (m.check?.(null)) ctx.report({ range, severity: 'manual', message: `${label} was removed in ${m.removedIn}: move it to ${m.to} by hand; ${m.check(null)}` });
      else ctx.report({ range, message: `${label} was removed in ${m.removedIn}: moved to ${m.to}, which takes the object as written`, fix: { range, text: m.to } });
    }
  };
  // a Helm template is not YAML: report removed versions written in it, change nothing
  const template = () => {
    if (!ctx.file.template) return;
    for (const m of text.matchAll(/^[ \t]*apiVersion:[ \t]*["']?([\w./-]+)["']?[ \t]*\r?\n(?:[ \t]*#.*\r?\n)*[ \t]*kind:[ \t]*["']?(\w+)/gm)) {
      const move = moveFor(m[1], m[2], target);
      if (!move) continue;
      const at = (m.index ?? 0) + m[0].indexOf(m[1]);
      ctx.report({ range: [at, at + m[1].length], severity: 'manual', message: `${m[2]} (${m[1]}) in this template: ${move.gone ?? `removed in ${move.removedIn}; move it to ${move.to}${move.check ? ` (${move.check(null) ?? ''})` : ''}`}` });
    }
  };
  return { yaml: docs, json: docs, hcl, text: template };
}

const rule: RuleModule = {
  meta: {
    id: 'removed-apis',
    title: 'Move objects off removed API versions',
    description:
      'For every API version removed at or before the target (1.16, 1.22, 1.25, 1.26, 1.27), changes apiVersion where the ' +
      'replacement takes the object as written, and names the fields to change where it does not.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/removed-apis/README.md',
    // every removed version is group/v1betaN or group/v2betaN (a CRD's own version names, v1beta1, do not count)
    triggers: { yaml: ['/v1beta', '/v2beta'], json: ['/v1beta', '/v2beta'], hcl: ['/v1beta', '/v2beta'] },
    // text: a Helm template (YAML that does not parse) is looked at, to report; other text files are not read
    kinds: ['yaml', 'json', 'hcl', 'text'],
  },
  create,
};

export default rule;
