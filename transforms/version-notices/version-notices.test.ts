import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('version-notices', () => {
  fixtureTests(__dirname, ['version-notices'], { options: { target: '1.35', today: '2026-11-30' } });
});

const nc = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  containerd:\n    config: |\n      version = 2\n      [plugins."io.containerd.grpc.v1.cri".containerd]\n      discard_unpacked_layers = false\n';

new RuleTester({ options: { target: '1.33', today: '2025-06-01' } }).run('version-notices (RuleTester)', rule, {
  valid: [
    { name: 'at 1.33 the 1.35 notices wait', filename: 'main.tf', code: 'resource "aws_eks_node_group" "n" {\n  ami_type = "AL2_x86_64"\n}\n' },
    { name: 'EndpointSlice is fine', filename: 'es.yaml', code: 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: x}\naddressType: IPv4\nendpoints: []\n' },
  ],
  invalid: [
    { name: 'a containerd 1.x config in a NodeConfig', filename: 'nodeconfig.yaml', code: nc, output: null, errors: [{ messageId: 'containerd2', severity: 'warning', line: 5 }] },
  ],
});

// static Pods that reference API objects: denied by kubelet from 1.34
const pod = (extra: string, kind = 'Pod', eol = '\n') => [
  '# static pod ✓', 'apiVersion: v1', `kind: ${kind}`, 'metadata:', '  name: fwd', 'spec:', '  containers:', '    - name: c', '      image: public.ecr.aws/x/y:1', extra, '',
].join(eol);
const refs = '      envFrom:\n        - configMapRef:\n            name: settings\n      env:\n        - name: T\n          valueFrom:\n            secretKeyRef:\n              name: token\n              key: t';
new RuleTester({ options: { target: '1.34', today: '2026-12-06' } }).run('version-notices: static Pods at 1.34', rule, {
  valid: [
    { name: 'before 1.34', filename: 'rootfs/etc/kubernetes/manifests/fwd.yaml', code: pod(refs), options: { target: '1.33' } },
    { name: 'a Pod outside the static pod path', filename: 'k8s/apps/fwd.yaml', code: pod(refs) },
    { name: 'a static Pod that references nothing (hostPath only)', filename: 'etc/kubernetes/manifests/fwd.yaml', code: pod('      volumeMounts: []') },
  ],
  invalid: [
    {
      name: 'a static Pod with a ConfigMap and a Secret (CRLF)',
      filename: 'node-image/rootfs/etc/kubernetes/manifests/fwd.yaml',
      code: pod(refs.replace(/\n/g, '\r\n'), 'Pod', '\r\n'),
      output: null,
      errors: [{ messageId: 'staticPodReferences', severity: 'manual', line: 2, message: /static Pod.*ConfigMap settings, Secret token.*1\.34/ }],
    },
  ],
});
