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
