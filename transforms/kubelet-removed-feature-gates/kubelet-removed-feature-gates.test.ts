import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('kubelet-removed-feature-gates', () => {
  fixtureTests(__dirname, ['kubelet-removed-feature-gates'], { options: { target: '1.35', today: '2026-11-30' } });
});

const nc = (gates: string) => `apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      featureGates:\n${gates}`;

const ekc = (gates: string) =>
  `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod # Stapel-Knoten ✓\n  region: us-east-1\nmanagedNodeGroups:\n  - name: batch\n    amiFamily: AmazonLinux2023\n    overrideBootstrapCommand: |\n      apiVersion: node.eks.aws/v1alpha1\n      kind: NodeConfig\n      spec:\n        kubelet:\n          config:\n            maxPods: 58\n${gates}nodeGroups:\n  - name: system\n`;

new RuleTester({ options: { target: '1.31', today: '2025-06-01' } }).run('kubelet-removed-feature-gates (RuleTester)', rule, {
  valid: [{ name: 'at 1.31, a 1.33 gate stays', filename: 'nc.yaml', code: nc('        AppArmor: true\n') }],
  invalid: [
    { name: 'a 1.29 gate goes at 1.31', filename: 'nc.yaml', code: nc('        SeccompDefault: true\n        MemoryQoS: true\n'), output: nc('        MemoryQoS: true\n'), errors: [{ messageId: 'removed' }] },
    {
      // the deleted lines end the block scalar: the line after it keeps its own indentation (LF and CRLF)
      name: 'the last lines of a NodeConfig in an eksctl block scalar (Stapel-Knoten ✓)', filename: 'cluster.yaml',
      code: ekc('            featureGates:\n              SeccompDefault: true\n'), output: ekc(''), errors: [{ messageId: 'removed' }],
    },
    {
      name: 'the same with CRLF', filename: 'cluster.yaml',
      code: ekc('            featureGates:\n              SeccompDefault: true\n').replace(/\n/g, '\r\n'), output: ekc('').replace(/\n/g, '\r\n'), errors: [{ messageId: 'removed' }],
    },
    { name: 'set against the locked value: a person decides', filename: 'nc.yaml', code: nc('        SeccompDefault: false\n'), output: null, errors: [{ messageId: 'lockedOther', severity: 'manual' }] },
  ],
});

const dropIn = (gates: string) => `# drop-in\n[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS \\\n    --feature-gates=${gates}\n`;
new RuleTester({ options: { target: '1.33', today: '2025-06-01' } }).run('kubelet-removed-feature-gates: systemd drop-ins', rule, {
  valid: [],
  invalid: [
    { name: 'a unit is not Bottlerocket TOML', filename: 'kubelet.service.d/10-extra.conf', code: dropIn('DisableKubeletCloudCredentialProviders=true,RotateKubeletServerCertificate=true'), output: dropIn('RotateKubeletServerCertificate=true'), errors: [{ messageId: 'removed' }] },
  ],
});
