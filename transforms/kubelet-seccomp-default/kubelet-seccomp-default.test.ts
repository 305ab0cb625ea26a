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

// node settings go where the node goes: the image a launch template boots decides, not only the cluster version
const lt = (image: string, extra = '') => [
  'data "aws_eks_cluster" "c" {', '  name = "orders" # Bestellungen ✓', '}',
  'data "aws_ssm_parameter" "ami" {', `  name = ${image}`, '}',
  'resource "aws_launch_template" "batch" {', '  image_id  = data.aws_ssm_parameter.ami.value',
  '  user_data = base64encode(<<-EOT', '    #!/bin/bash', `    /etc/eks/bootstrap.sh orders --kubelet-extra-args '--max-pods=58${extra}'`, '  EOT', '  )', '}', '',
].join('\n');
new RuleTester({ options: { today: '2026-12-06' } }).run('kubelet-seccomp-default: the node image decides', rule, {
  valid: [],
  invalid: [
    {
      name: 'an AL2 image that follows the cluster, at 1.33: nothing added (the node moves to AL2023)',
      filename: 'batch.tf', options: { target: '1.33' },
      code: lt('"/aws/service/eks/optimized-ami/${data.aws_eks_cluster.c.version}/amazon-linux-2/recommended/image_id"'),
      output: null,
      errors: [{ messageId: 'al2Image', severity: 'info', message: /Amazon Linux 2/ }],
    },
    {
      name: 'an image pinned to 1.21, at 1.30: nothing added (kubelet 1.21 has no --seccomp-default)',
      filename: 'batch.tf', options: { target: '1.30' },
      code: lt('"/aws/service/eks/optimized-ami/1.21/amazon-linux-2/recommended/image_id"'),
      output: null,
      errors: [{ messageId: 'oldImage', severity: 'info', message: /1\.21 EKS image/ }],
    },
    {
      name: 'user data in a local of another file, read by a launch template on a 1.21 image: nothing added',
      filename: 'user-data.tf', options: { target: '1.30' },
      code: "locals {\n  runner_user_data = <<USERDATA\n#!/bin/bash -xe\n/etc/eks/bootstrap.sh ci --kubelet-extra-args '--node-labels=workload=ci'\nUSERDATA\n}\n",
      files: { 'main.tf': 'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/1.21/amazon-linux-2/recommended/image_id"\n}\nresource "aws_launch_template" "runners" {\n  image_id  = data.aws_ssm_parameter.ami.value\n  user_data = base64encode(local.runner_user_data)\n}\n' },
      output: null,
      errors: [{ messageId: 'oldImage', severity: 'info' }],
    },
    {
      name: 'a template rendered by a launch template on a 1.21 image (templatefile()): nothing added',
      filename: 'templates/userdata.tpl', options: { target: '1.30' },
      code: "#!/bin/bash\n/etc/eks/bootstrap.sh ${cluster_name} --kubelet-extra-args '--node-labels=pool=odoo'\n",
      files: { '../main.tf': 'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/1.21/amazon-linux-2/recommended/image_id"\n}\nresource "aws_launch_template" "odoo" {\n  image_id  = data.aws_ssm_parameter.ami.value\n  user_data = base64encode(templatefile("${path.module}/templates/userdata.tpl", { cluster_name = "odoo" }))\n}\n' },
      output: null,
      errors: [{ messageId: 'oldImage', severity: 'info' }],
    },
    {
      name: 'an AL2 node group entry of terraform-aws-eks (cluster version not known here) at 1.33: its bootstrap_extra_args get nothing',
      filename: 'main.tf', options: { target: '1.33' },
      code: 'variable "k8s" {}\nmodule "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "~> 19.0"\n  cluster_version = var.k8s\n  self_managed_node_groups = {\n    "mixed" = {\n      ami_type             = "AL2_x86_64"\n      bootstrap_extra_args = "--kubelet-extra-args \'--max-pods=20\'"\n    }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'al2Image', severity: 'info' }],
    },
    {
      name: 'the same image at 1.30 following a 1.29 variable default (format()): the flag goes in',
      filename: 'batch.tf', options: { target: '1.30' },
      code: 'variable "k8s" {\n  default = "1.29"\n}\n' + lt('format("/aws/service/eks/optimized-ami/%s/amazon-linux-2/recommended/image_id", var.k8s)'),
      output: 'variable "k8s" {\n  default = "1.29"\n}\n' + lt('format("/aws/service/eks/optimized-ami/%s/amazon-linux-2/recommended/image_id", var.k8s)', ' --seccomp-default'),
      errors: [{ messageId: 'changed' }],
    },
  ],
});
