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

// gates removed before the 1.28 hop (1.24–1.27), wherever they are written; a gate kubelet still knows stays
const eksctlGates = (indexers: string, sed: string, args: string) => [
  'apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata:', '  name: search # Suche ✓', '  region: eu-west-1', '  version: "1.32"', 'nodeGroups:',
  '  - name: indexers', '    amiFamily: Ubuntu2204', '    kubeletExtraConfig:', '      kubeReserved:', '        cpu: "500m"', '      featureGates:', indexers.replace(/\n$/, ''),
  '    preBootstrapCommands:', `      - "sed -i '/^KUBELET_EXTRA_ARGS=/a KUBELET_EXTRA_ARGS+=\\" --register-with-taints=dedicated=indexer:NoSchedule${sed}\\"' /etc/eks/bootstrap.sh"`,
  '  - name: query', '    amiFamily: Ubuntu2204', '    ami: ami-0a7c3e9d1b5f24e86', '    overrideBootstrapCommand: |', '      #!/bin/bash', '      /etc/eks/bootstrap.sh search \\',
  `        --kubelet-extra-args '--node-labels=role=query${args}'`, '',
].join('\n');
new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('kubelet-removed-feature-gates: gates removed in 1.24–1.27', rule, {
  valid: [
    {
      name: 'at 1.26 the 1.27 gate stays', filename: 'cluster.yaml', options: { target: '1.26', today: '2023-06-01' },
      code: eksctlGates('        CSIMigrationAWS: true\n', ' --feature-gates=CSIMigrationAWS=true', ''),
    },
    { name: 'RotateKubeletServerCertificate is not removed', filename: 'cluster.yaml', code: eksctlGates('        RotateKubeletServerCertificate: true\n', ' --feature-gates=RotateKubeletServerCertificate=true', '') },
  ],
  invalid: [
    {
      name: 'eksctl featureGates map, a sed that edits bootstrap.sh and --kubelet-extra-args: only the removed gates go',
      filename: 'cluster.yaml',
      code: eksctlGates('        CSIMigrationAWS: true\n        RotateKubeletServerCertificate: true # approved\n', ' --feature-gates=CSIMigrationAWS=true,RotateKubeletServerCertificate=true', ' --feature-gates=DynamicKubeletConfig=false,RotateKubeletServerCertificate=true'),
      output: eksctlGates('        RotateKubeletServerCertificate: true # approved\n', ' --feature-gates=RotateKubeletServerCertificate=true', ' --feature-gates=RotateKubeletServerCertificate=true'),
      errors: [
        { messageId: 'removed', line: 14, message: /CSIMigrationAWS.*removed in 1\.27/ },
        { messageId: 'removed', line: 17, message: /CSIMigrationAWS=true from --feature-gates in preBootstrapCommands/ },
        { messageId: 'removed', line: 24, message: /DynamicKubeletConfig=false.*removed in 1\.24/ },
      ],
    },
    {
      name: 'the only gate of the sed line: the flag goes with the blank before it (CRLF)',
      filename: 'cluster.yaml',
      code: eksctlGates('        RotateKubeletServerCertificate: true\n', ' --feature-gates=CSIMigrationAWS=true', '').replace(/\n/g, '\r\n'),
      output: eksctlGates('        RotateKubeletServerCertificate: true\n', '', '').replace(/\n/g, '\r\n'),
      errors: [{ messageId: 'removed', line: 16, message: /only gate, so the flag goes/ }],
    },
  ],
});

// a KubeletConfiguration file: kubelet-config.json that user data or an image build writes over the AMI's, or YAML
const kcJson = (gates: string, eol = '\n') =>
  ['{', '  "kind": "KubeletConfiguration",', '  "apiVersion": "kubelet.config.k8s.io/v1beta1",', '  "maxPods": 58,', '  "featureGates": {', gates, '  }', '}', ''].join(eol);
new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('kubelet-removed-feature-gates: KubeletConfiguration files', rule, {
  valid: [
    { name: 'a gate kubelet 1.33 still knows stays', filename: 'files/kubelet-config.json', code: kcJson('    "RotateKubeletServerCertificate": true') },
    { name: 'a JSON file that is no kubelet configuration is left alone', filename: 'dashboards/panel.json', code: '{"featureGates": {"CSIMigrationAWS": true}}\n' },
  ],
  invalid: [
    {
      name: 'kubelet-config.json: the removed gate goes, the next one stays (Knoten ✓ in no key)', filename: 'files/kubelet-config.json',
      code: kcJson('    "CSIMigrationAWS": true,\n    "RotateKubeletServerCertificate": true'),
      output: kcJson('    "RotateKubeletServerCertificate": true'), errors: [{ messageId: 'removed' }],
    },
    {
      name: 'the last gate of the map (CRLF)', filename: 'kubelet-config.json',
      code: kcJson('    "RotateKubeletServerCertificate": true,\r\n    "DynamicKubeletConfig": false', '\r\n'),
      output: kcJson('    "RotateKubeletServerCertificate": true', '\r\n'), errors: [{ messageId: 'removed' }],
    },
    {
      name: 'the only gate: featureGates goes too', filename: 'node/custom.json',
      code: kcJson('    "CSIMigrationAWS": true'),
      output: ['{', '  "kind": "KubeletConfiguration",', '  "apiVersion": "kubelet.config.k8s.io/v1beta1",', '  "maxPods": 58', '}', ''].join('\n'), errors: [{ messageId: 'removed' }],
    },
    {
      name: 'a YAML KubeletConfiguration', filename: 'kubelet.yaml',
      code: 'kind: KubeletConfiguration\napiVersion: kubelet.config.k8s.io/v1beta1\nfeatureGates:\n  CSIMigrationAWS: true # migriert ✓\n  RotateKubeletServerCertificate: true\n',
      output: 'kind: KubeletConfiguration\napiVersion: kubelet.config.k8s.io/v1beta1\nfeatureGates:\n  RotateKubeletServerCertificate: true\n', errors: [{ messageId: 'removed' }],
    },
  ],
});
