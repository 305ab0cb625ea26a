import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('container-runtime-flag', () => {
  fixtureTests(__dirname, ['container-runtime-flag']);
});

const tfModule = (args: string, eol = '\n') =>
  ['module "eks" {', '  source          = "terraform-aws-modules/eks/aws"', '  cluster_version = "1.26"', '  # ノードグループ', args, '}', ''].join(eol);

new RuleTester().run('container-runtime-flag (RuleTester)', rule, {
  valid: [
    { name: 'no flag', filename: 'main.tf', code: tfModule('  bootstrap_extra_args = "--kubelet-extra-args \'--max-pods=20\'"') },
    { name: 'only in a comment', filename: 'user-data.sh', code: '#!/bin/bash\n# /etc/eks/bootstrap.sh c --container-runtime containerd\n/etc/eks/bootstrap.sh c\n' },
    { name: 'a longer flag name', filename: 'main.tf', code: tfModule('  bootstrap_extra_args = "--container-runtime-endpoint=unix:///run/containerd/containerd.sock"') },
  ],
  invalid: [
    {
      name: 'format(): the flag and its %s argument are not split: reported, unchanged',
      filename: 'main.tf',
      code: tfModule('  bootstrap_extra_args = format("--container-runtime %s --kubelet-extra-args \'%s\'", "containerd", "--max-pods=20")'),
      output: null,
      errors: [{ messageId: 'fragment', severity: 'manual', message: /format\(/ }],
    },
    {
      name: 'join([...]): the flag and its value are separate elements: reported, unchanged, no empty element',
      filename: 'main.tf',
      code: tfModule('  bootstrap_extra_args = join(" ", ["--container-runtime", "containerd"])'),
      output: null,
      errors: [{ messageId: 'fragment', severity: 'manual', message: /a list/ }],
    },
    {
      name: 'NodeConfig flags as a flow list: the item goes with its separator',
      filename: 'nodeconfig.yaml',
      code: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags: ["--container-runtime=remote", "--node-labels=a=b"]\n',
      output: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags: ["--node-labels=a=b"]\n',
      errors: [{ messageId: 'removed' }],
    },
    {
      name: 'NodeConfig flags as a flow list, the last item',
      filename: 'nodeconfig.yaml',
      code: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags: [--node-labels=a=b, --container-runtime=remote]\n',
      output: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    flags: [--node-labels=a=b]\n',
      errors: [{ messageId: 'removed' }],
    },
    {
      name: 'the flag was all bootstrap_extra_args held: the line goes (CRLF, non-ASCII comment kept)',
      filename: 'main.tf',
      code: tfModule('  bootstrap_extra_args = "--container-runtime containerd"', '\r\n'),
      output: ['module "eks" {', '  source          = "terraform-aws-modules/eks/aws"', '  cluster_version = "1.26"', '  # ノードグループ', '}', ''].join('\r\n'),
      errors: [{ messageId: 'removed', line: 5, column: 27, severity: 'fix' }],
    },
    {
      name: 'other arguments stay; = and quoted spellings',
      filename: 'main.tf',
      code: tfModule('  bootstrap_extra_args = "--container-runtime=\\"containerd\\" --kubelet-extra-args \'--max-pods=20\'"'),
      output: tfModule('  bootstrap_extra_args = "--kubelet-extra-args \'--max-pods=20\'"'),
      errors: [{ messageId: 'removed', line: 5 }],
    },
    {
      name: 'inside --kubelet-extra-args of a script, single-quoted',
      filename: 'user-data.sh',
      code: "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-runtime=remote --max-pods=20'\n",
      output: "#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=20'\n",
      errors: [{ messageId: 'removed', line: 2, column: 47 }],
    },
    {
      name: 'kept while the cluster (from variables.tf beside it) runs 1.23',
      filename: 'main.tf',
      code: 'module "eks" {\n  cluster_version      = var.v\n  bootstrap_extra_args = "--container-runtime containerd"\n}\n',
      files: { 'variables.tf': 'variable "v" {\n  default = "1.23"\n}\n' },
      output: null,
      errors: [{ messageId: 'kept', line: 3, severity: 'manual' }],
    },
    {
      name: 'a placeholder that may bring the flag is reported',
      filename: 'main.tf',
      code: tfModule('  bootstrap_extra_args = "--container-runtime containerd ${var.extra}"'),
      output: tfModule('  bootstrap_extra_args = "${var.extra}"'),
      errors: [{ messageId: 'removed' }, { messageId: 'placeholder', severity: 'manual' }],
    },
    {
      name: 'eksctl bootstrap commands (a YAML block scalar)',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1, version: "1.26"}\nnodeGroups:\n  - name: ng\n    overrideBootstrapCommand: |\n      #!/bin/bash\n      /etc/eks/bootstrap.sh c --container-runtime containerd\n',
      output: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1, version: "1.26"}\nnodeGroups:\n  - name: ng\n    overrideBootstrapCommand: |\n      #!/bin/bash\n      /etc/eks/bootstrap.sh c\n',
      errors: [{ messageId: 'removed', line: 8 }],
    },
  ],
});
