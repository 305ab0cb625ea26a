import { fixtureTests } from '../../test/helpers/fixtures';

describe('registry-k8s-io', () => {
  fixtureTests(__dirname, ['registry-k8s-io']);
});

import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;

new RuleTester({ options: { target: '1.27' } }).run('registry-k8s-io (RuleTester)', rule, {
  valid: [
    { name: 'a mirror that keeps k8s.gcr.io as a path segment (Harbor proxy)', filename: 'pod.yaml', code: pod('harbor.example.com/k8s.gcr.io/pause:3.9') },
    { name: 'an ECR pull-through cache path', filename: 'pod.yaml', code: pod('123456789012.dkr.ecr.us-east-1.amazonaws.com/k8s.gcr.io/pause:3.9') },
    { name: 'a look-alike host', filename: 'pod.yaml', code: pod('my.k8s.gcr.io.example.com/pause:3.9') },
  ],
  invalid: [
    {
      name: 'free text in a ConfigMap: reported as text, not changed',
      filename: 'cm.yaml',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n  README: "Until 2023 we pulled k8s.gcr.io/pause:3.9 directly."\n',
      output: null,
      errors: [{ messageId: 'prose', severity: 'info' }],
    },
    {
      name: 'a command in one line still moves (after pull)',
      filename: 'job.yaml',
      code: 'args: ["sh", "-c", "crictl pull k8s.gcr.io/pause:3.9"]\n',
      output: 'args: ["sh", "-c", "crictl pull registry.k8s.io/pause:3.9"]\n',
      errors: [{ messageId: 'moved' }],
    },
    {
      name: 'Kustomize images[].name is a match key: kept, newName added (CRLF kept)',
      filename: 'kustomization.yaml',
      code: 'kind: Kustomization\r\nimages:\r\n  - name: k8s.gcr.io/pause # the base says so\r\n    newTag: "3.9"\r\n',
      output: 'kind: Kustomization\r\nimages:\r\n  - name: k8s.gcr.io/pause # the base says so\r\n    newTag: "3.9"\r\n    newName: registry.k8s.io/pause\r\n',
      errors: [{ messageId: 'matchKey' }],
    },
    {
      name: 'Kustomize: an existing newName moves, the name stays',
      filename: 'kustomization.yaml',
      code: "kind: Kustomization\nimages:\n  - name: k8s.gcr.io/pause\n    newName: 'k8s.gcr.io/pause'\n",
      output: "kind: Kustomization\nimages:\n  - name: k8s.gcr.io/pause\n    newName: 'registry.k8s.io/pause'\n",
      errors: [{ messageId: 'moved' }],
    },
  ],
});

import fc from 'fast-check';
import { runInMemory } from '../../test/helpers/rule-tester';

test('property: no edit inside a path segment after a registry host', async () => {
  const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z0-9-]{1,8}){1,3}(:\d{2,4})?$/);
  const seg = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
  await fc.assert(fc.asyncProperty(host, fc.array(seg, { maxLength: 2 }), seg, async (h, mid, name) => {
    const image = [h, ...mid, 'k8s.gcr.io', name].join('/') + ':1.0';
    const r = await runInMemory([rule], 'pod.yaml', pod(image));
    return r.output === pod(image);
  }), { numRuns: 150 });
});
