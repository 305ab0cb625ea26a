import { RuleTester } from '../../test/helpers/rule-tester';
import { REMOVED_GATES, removedGate, removeFeatureGate } from './feature-gates';

const ROW = removedGate('SeccompDefault');
const rule = removeFeatureGate(ROW, {
  meta: {
    id: 'gate-test', title: 't', description: 't', version: ROW.removedIn, fixable: true, docs: 'README.md',
    triggers: { hcl: [ROW.gate], yaml: [ROW.gate], text: [ROW.gate] }, kinds: ['hcl', 'yaml', 'text'],
  },
});

test('every row has a source and an as-of date', () => {
  for (const r of REMOVED_GATES) {
    expect(r.removedIn).toMatch(/^1\.\d+$/);
    expect(r.source.length).toBeGreaterThan(10);
    expect(r.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
  }
});

const eksctl = (kec: string, eol = '\n') =>
  ['apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata: {name: c, region: eu-west-1, version: "1.29"}', 'nodeGroups:', '  - name: ng # ノード', kec, ''].join(eol);

new RuleTester({ options: { target: '1.29' } }).run('removeFeatureGate', rule, {
  valid: [
    { name: 'another gate', filename: 'cluster.yaml', code: eksctl('    kubeletExtraConfig:\n      featureGates:\n        Other: true\n      SeccompDefaultX: 1') },
    { name: 'a flag without it', filename: 'main.tf', code: 'locals {\n  kubelet_extra_args = "--feature-gates=Other=true"\n}\n' },
  ],
  invalid: [
    {
      name: 'one of two gates in eksctl kubeletExtraConfig (CRLF, non-ASCII comment)',
      filename: 'cluster.yaml',
      code: eksctl('    kubeletExtraConfig:\r\n      featureGates:\r\n        SeccompDefault: true\r\n        Other: false', '\r\n'),
      output: eksctl('    kubeletExtraConfig:\r\n      featureGates:\r\n        Other: false', '\r\n'),
      errors: [{ messageId: 'removed', line: 8, column: 9 }],
    },
    {
      name: 'the only gate: featureGates goes too',
      filename: 'cluster.yaml',
      code: eksctl('    kubeletExtraConfig:\n      maxPods: 20\n      featureGates:\n        SeccompDefault: "true"'),
      output: eksctl('    kubeletExtraConfig:\n      maxPods: 20'),
      errors: [{ messageId: 'removed' }],
    },
    {
      name: 'set to the other value than it was locked to: a person decides',
      filename: 'cluster.yaml',
      code: eksctl('    kubeletExtraConfig:\n      featureGates:\n        SeccompDefault: false'),
      output: null,
      errors: [{ messageId: 'lockedOther', severity: 'manual' }],
    },
    {
      name: 'NodeConfig spec.kubelet.config',
      filename: 'nodeconfig.yaml',
      code: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      featureGates:\n        SeccompDefault: true\n        Other: true\n',
      output: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      featureGates:\n        Other: true\n',
      errors: [{ messageId: 'removed' }],
    },
    {
      name: '--feature-gates list in kubelet_extra_args',
      filename: 'main.tf',
      code: 'locals {\n  kubelet_extra_args = "--max-pods=20 --feature-gates=Other=true,SeccompDefault=true"\n}\n',
      output: 'locals {\n  kubelet_extra_args = "--max-pods=20 --feature-gates=Other=true"\n}\n',
      errors: [{ messageId: 'removed', line: 2 }],
    },
    {
      name: 'the only gate of --feature-gates inside a script call: the flag goes',
      filename: 'user-data.sh',
      code: "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--feature-gates=SeccompDefault=true --max-pods=20'\n",
      output: "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=20'\n",
      errors: [{ messageId: 'removed' }],
    },
    {
      name: 'a plain --feature-gates list outside a bootstrap call (written to a file): the gate goes where it stands',
      filename: 'user-data.sh',
      code: '#!/bin/bash\n/etc/eks/bootstrap.sh c\necho "--v=2 --feature-gates=SeccompDefault=true,MemoryQoS=true" >> /etc/kubelet-flags\n',
      output: '#!/bin/bash\n/etc/eks/bootstrap.sh c\necho "--v=2 --feature-gates=MemoryQoS=true" >> /etc/kubelet-flags\n',
      errors: [{ messageId: 'removed', line: 3 }],
    },
    {
      name: 'somewhere eks-migrate does not rewrite (a list built from a variable): reported',
      filename: 'user-data.sh',
      code: '#!/bin/bash\n/etc/eks/bootstrap.sh c\necho "--feature-gates=${GATES},SeccompDefault=true" >> /etc/kubelet-flags\n',
      output: null,
      errors: [{ messageId: 'elsewhere', severity: 'manual', line: 3 }],
    },
  ],
});

new RuleTester({ options: { target: '1.29' } }).run('removeFeatureGate: Bottlerocket', rule, {
  valid: [],
  invalid: [
    {
      name: 'eksctl Bottlerocket settings are reported, not rewritten',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1, version: "1.29"}\nnodeGroups:\n  - name: br\n    amiFamily: Bottlerocket\n    bottlerocket:\n      settings:\n        kubernetes:\n          feature-gates:\n            SeccompDefault: true\n',
      output: null,
      errors: [{ messageId: 'bottlerocket', severity: 'manual', line: 11 }],
    },
    {
      name: 'Bottlerocket TOML in bootstrap_extra_args',
      filename: 'main.tf',
      code: 'locals {\n  bootstrap_extra_args = <<-EOT\n    [settings.kubernetes.feature-gates]\n    "SeccompDefault" = true\n  EOT\n}\n',
      output: null,
      errors: [{ messageId: 'bottlerocket', line: 4 }],
    },
  ],
});
