import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('apparmor-annotations', () => {
  fixtureTests(__dirname, ['apparmor-annotations'], { options: { target: '1.30', today: '2024-06-01' } });
});

const pod = (ann: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ${ann}\nspec:\n  containers:\n    - name: app\n      image: app:1\n`;

new RuleTester({ options: { target: '1.30', today: '2024-06-01' } }).run('apparmor-annotations (RuleTester)', rule, {
  valid: [{ name: 'another annotation', filename: 'pod.yaml', code: pod('example.com/a: b') }],
  invalid: [
    { name: 'unconfined, double-quoted', filename: 'pod.yaml', code: pod('container.apparmor.security.beta.kubernetes.io/app: "unconfined"'), output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n', errors: [{ messageId: 'moved' }] },
    { name: 'a value with no field', filename: 'pod.yaml', code: pod('container.apparmor.security.beta.kubernetes.io/app: weird'), output: null, errors: [{ messageId: 'noEquivalent', severity: 'manual' }] },
    { name: 'a container that is not there', filename: 'pod.yaml', code: pod('container.apparmor.security.beta.kubernetes.io/gone: runtime/default'), output: null, errors: [{ messageId: 'noTarget' }] },
    {
      name: 'a Kustomize patch that points at the annotation',
      filename: 'kustomization.yaml',
      code: 'patches:\n  - patch: |-\n      - op: remove\n        path: /spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app\n',
      output: null,
      errors: [{ messageId: 'patch', severity: 'manual' }],
    },
  ],
});
