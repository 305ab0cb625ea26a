import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import { type AnnotationField, annotationToField } from '../../src/k8s/annotation-field';
import rule, { profileFor } from '.';

describe('seccomp-annotations', () => {
  fixtureTests(__dirname, ['seccomp-annotations']);

  test('annotation values map to seccompProfile as the kubelet did', () => {
    expect(profileFor('unconfined')).toEqual({ type: 'Unconfined' });
    expect(profileFor('runtime/default')).toEqual({ type: 'RuntimeDefault' });
    expect(profileFor('docker/default')).toEqual({ type: 'RuntimeDefault' });
    expect(profileFor('localhost/profiles/audit.json')).toEqual({ type: 'Localhost', localhostProfile: 'profiles/audit.json' });
    expect(profileFor('something/else')).toBeUndefined();
  });
});

const pod = (ann: string, extra = '', eol = '\n') =>
  ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p # ポッド', ...(ann ? ['  annotations:', `    ${ann}`] : []), 'spec:', ...(extra ? [extra] : []), '  containers:', '    - name: app', '      image: app:1', ''].join(eol);

new RuleTester().run('seccomp-annotations (RuleTester)', rule, {
  valid: [
    { name: 'no annotation', filename: 'pod.yaml', code: pod('') },
    { name: 'another annotation', filename: 'pod.yaml', code: pod('example.com/x: y') },
  ],
  invalid: [
    {
      name: 'pod annotation → pod securityContext (CRLF, non-ASCII comment)',
      filename: 'pod.yaml',
      code: pod('seccomp.security.alpha.kubernetes.io/pod: runtime/default', '', '\r\n'),
      output: pod('', '', '\r\n') + '  securityContext:\r\n    seccompProfile:\r\n      type: RuntimeDefault\r\n',
      errors: [{ messageId: 'moved', line: 6, column: 5 }],
    },
    {
      name: 'quoted value, container annotation',
      filename: 'pod.yaml',
      code: pod('container.seccomp.security.alpha.kubernetes.io/app: "localhost/prof.json"'),
      output: ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p # ポッド', 'spec:', '  containers:', '    - name: app', '      image: app:1', '      securityContext:', '        seccompProfile:', '          type: Localhost', '          localhostProfile: prof.json', ''].join('\n'),
      errors: [{ messageId: 'moved' }],
    },
    {
      name: 'a value with no equivalent is reported',
      filename: 'pod.yaml',
      code: pod("seccomp.security.alpha.kubernetes.io/pod: 'weird'"),
      output: null,
      errors: [{ messageId: 'noEquivalent', severity: 'manual' }],
    },
    {
      name: 'in Terraform: reported',
      filename: 'main.tf',
      code: 'resource "kubernetes_pod" "p" {\n  metadata {\n    annotations = { "seccomp.security.alpha.kubernetes.io/pod" = "runtime/default" }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'literal' }],
    },
  ],
});

// the factory on another row: AppArmor's beta annotations → appArmorProfile (the shape 1.30 gives them)
const APPARMOR: AnnotationField = {
  id: 'apparmor', containerPrefix: 'container.apparmor.security.beta.kubernetes.io/', field: 'appArmorProfile',
  values: { 'runtime/default': 'RuntimeDefault', unconfined: 'Unconfined' }, localhostPrefix: 'localhost/',
  inertFrom: '1.30', why: 'the AppArmor annotations are deprecated from 1.30', source: 'test', asOf: '2026-11-30',
};
const apparmor = annotationToField(APPARMOR, { meta: { ...rule.meta, id: 'apparmor-test', triggers: ['apparmor.security.beta.kubernetes.io'] } });

new RuleTester().run('annotationToField on another row', apparmor, {
  valid: [{ filename: 'pod.yaml', code: pod('container.seccomp.security.alpha.kubernetes.io/app: runtime/default') .replace('seccomp.security.alpha', 'x.example') }],
  invalid: [
    {
      filename: 'pod.yaml',
      code: pod('container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-nginx'),
      output: ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p # ポッド', 'spec:', '  containers:', '    - name: app', '      image: app:1', '      securityContext:', '        appArmorProfile:', '          type: Localhost', '          localhostProfile: k8s-nginx', ''].join('\n'),
      errors: [{ messageId: 'moved', ruleId: 'apparmor-test', message: /appArmorProfile/ }],
    },
    {
      name: 'a field already there that disagrees',
      filename: 'pod.yaml',
      code: pod('container.apparmor.security.beta.kubernetes.io/app: unconfined').replace('      image: app:1', '      image: app:1\n      securityContext:\n        appArmorProfile: {type: RuntimeDefault}'),
      output: null,
      errors: [{ messageId: 'conflict', ruleId: 'apparmor-test', severity: 'manual' }],
    },
  ],
});
