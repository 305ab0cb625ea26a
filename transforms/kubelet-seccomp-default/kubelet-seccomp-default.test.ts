import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('kubelet-seccomp-default', () => {
  fixtureTests(__dirname, ['kubelet-seccomp-default']);
});

const eksctl = (v: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "${v}"\nnodeGroups:\n  - name: ng\n    kubeletExtraConfig:\n      maxPods: 20\n`;

// the settings belong to the 1.27 hop: a cluster past it, on its way further, is not asked again
new RuleTester({ options: { today: '2026-11-30' } }).run('kubelet-seccomp-default: the hop it belongs to', rule, {
  valid: [
    { name: 'a 1.32 cluster going to 1.33', filename: 'c.yaml', code: eksctl('1.32'), options: { target: '1.33' } },
    { name: 'a 1.33 cluster already at the target', filename: 'c.yaml', code: eksctl('1.33'), options: { target: '1.33' } },
  ],
  invalid: [
    { name: 'a 1.26 cluster going to 1.27', filename: 'c.yaml', code: eksctl('1.26'), options: { target: '1.27' }, output: eksctl('1.26') + '      seccompDefault: true\n', errors: [{ messageId: 'changed' }] },
    { name: 'a 1.29 cluster and a 1.27 target: no upgrade of it, the settings go in', filename: 'c.yaml', code: eksctl('1.29'), options: { target: '1.27' }, output: eksctl('1.29') + '      seccompDefault: true\n', errors: [{ messageId: 'changed' }] },
  ],
});

new RuleTester({ options: { target: '1.27', today: '2023-09-01' } }).run('kubelet-seccomp-default: shapes it does not edit', rule, {
  valid: [],
  invalid: [
    {
      name: 'a bootstrap call across %{ } directives: reported per call, not edited',
      filename: 'userdata.tpl',
      code: "#!/bin/bash\n%{ if gpu ~}\n/etc/eks/bootstrap.sh c --use-max-pods false \\\n%{ else ~}\n/etc/eks/bootstrap.sh c \\\n%{ endif ~}\n  --b64-cluster-ca '${ca}'\n",
      output: null,
      errors: [{ messageId: 'directiveCall', line: 3 }, { messageId: 'directiveCall', line: 5 }],
    },
    {
      name: 'a NodeConfig with %{ } directives in a template: reported',
      filename: 'nodeconfig.tpl',
      code: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags:\n%{ if x ~}\n      - --v=2\n%{ endif ~}\n      - --node-labels=a=b\n',
      output: null,
      errors: [{ messageId: 'templatedNodeConfig', severity: 'manual', line: 2 }],
    },
    {
      name: 'terraform-aws-eks v18: kubelet_extra_args is no input (reported, not edited)',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v18.31.2"\n  cluster_version = "1.26"\n  self_managed_node_groups = {\n    a = { kubelet_extra_args = "--max-pods=20" }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'noEffect', severity: 'manual', line: 5, message: /not an input of terraform-aws-eks v18/ }],
    },
  ],
});
