import { fixtureTests } from '../../test/helpers/fixtures';
import { selectRules } from '../../src/run';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';
import { AWS_PROVIDER_AL2023, constraintBelow } from '../../src/eks/al2';

const OPTIONS = { target: '1.33', today: '2026-11-30' };

describe('al2023-nodes', () => {
  fixtureTests(__dirname, ['al2023-nodes'], { options: OPTIONS });
});

const group = (name: string, amiType: string, extra = '') =>
  `resource "aws_eks_node_group" "${name}" {\n  cluster_name    = "c"\n  node_group_name = "${name}"\n  ami_type        = "${amiType}"\n${extra}}\n`;

new RuleTester({ options: OPTIONS }).run('al2023-nodes (RuleTester)', rule, {
  valid: [
    { name: 'AL2023 and Bottlerocket groups', filename: 'main.tf', code: group('a', 'AL2023_x86_64_STANDARD') + group('b', 'BOTTLEROCKET_ARM_64') },
    { name: 'an AL2 type named in a comment only', filename: 'main.tf', code: '# was AL2_x86_64 until 2025\n' + group('a', 'AL2023_ARM_64_STANDARD') },
    { name: 'a Karpenter node class on al2023', filename: 'nc.yaml', code: 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: x\nspec:\n  amiSelectorTerms:\n    - alias: al2023@latest\n  role: R\n' },
    { name: 'a managed group without ami_type on a 1.33 cluster (it could not be AL2)', filename: 'main.tf', code: 'resource "aws_eks_cluster" "c" {\n  version = "1.33"\n}\nresource "aws_eks_node_group" "n" {\n  cluster_name = "c"\n}\n' },

    {
      name: 'a Markdown doc that quotes an AL2 EC2NodeClass (named on the command line): prose, not a template',
      filename: 'docs/karpenter.md',
      code: '# Karpenter ✓\n\n```yaml\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nspec:\n  amiFamily: AL2\n  amiSelectorTerms:\n    - alias: al2@latest\n```\n',
    },
    {
      name: 'Helm values for the Karpenter chart in a heredoc (no node class in it): not a node class',
      filename: 'karpenter.tf',
      code: 'resource "helm_release" "k" {\n  values = [<<-EOT\n    # EC2NodeClass defaults\n    amiFamily: AL2\n  EOT\n  ]\n}\n',
    },
    {
      name: 'a Helm template whose AMI family is a template value only: left to the values',
      filename: 'templates/nodeclass.yaml',
      code: '{{- if .Values.enabled }}\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: x\nspec:\n  amiFamily: {{ .Values.amiFamily }}\n  amiSelectorTerms:\n    - alias: {{ .Values.alias }}\n{{- end }}\n',
    },
  ],
  invalid: [
    {
      name: 'a module that is not terraform-aws-eks: not converted, its AL2 value reported once',
      filename: 'main.tf', code: 'module "x" {\n  source = "./nodes"\n  eks_managed_node_groups = {\n    a = { ami_type = "AL2_x86_64" }\n  }\n}\n',
      output: null, errors: [{ messageId: 'al2Literal', severity: 'manual', line: 4 }],
    },
    {
      name: 'blue/green: the replacement goes beside the AL2 group, with a drain finding on it',
      filename: 'main.tf',
      code: group('web', 'AL2_x86_64'),
      output: `${group('web', 'AL2_x86_64').slice(0, -1)}\n\n# AL2023 replacement of aws_eks_node_group.web (eks-migrate al2023-nodes): apply, drain web, then delete web in a later change\n${group('web_al2023', 'AL2023_x86_64_STANDARD').replace('"web_al2023" {\n  cluster_name    = "c"\n  node_group_name = "web_al2023"', '"web_al2023" {\n  cluster_name    = "c"\n  node_group_name = "web-al2023"')}`,
      errors: [{ messageId: 'blueGreen', line: 1 }, { messageId: 'drainOld', severity: 'manual', line: 1, message: /drain/ }],
    },
    {
      name: 'blue/green with a computed node group name: the copy gets its own name',
      filename: 'main.tf',
      code: 'resource "aws_eks_node_group" "ng" {\n  for_each        = var.groups\n  node_group_name = "${each.key}-ng"\n  ami_type        = "AL2_x86_64"\n}\nresource "aws_eks_node_group" "one" {\n  node_group_name = var.name\n  ami_type        = "AL2_ARM_64"\n}\n',
      output: 'resource "aws_eks_node_group" "ng" {\n  for_each        = var.groups\n  node_group_name = "${each.key}-ng"\n  ami_type        = "AL2_x86_64"\n}\n\n# AL2023 replacement of aws_eks_node_group.ng (eks-migrate al2023-nodes): apply, drain ng, then delete ng in a later change\nresource "aws_eks_node_group" "ng_al2023" {\n  for_each        = var.groups\n  node_group_name = "${each.key}-ng-al2023"\n  ami_type        = "AL2023_x86_64_STANDARD"\n}\nresource "aws_eks_node_group" "one" {\n  node_group_name = var.name\n  ami_type        = "AL2_ARM_64"\n}\n\n# AL2023 replacement of aws_eks_node_group.one (eks-migrate al2023-nodes): apply, drain one, then delete one in a later change\nresource "aws_eks_node_group" "one_al2023" {\n  node_group_name = "${var.name}-al2023"\n  ami_type        = "AL2023_ARM_64_STANDARD"\n}\n',
      errors: [{ messageId: 'blueGreen', line: 1 }, { messageId: 'drainOld', line: 1 }, { messageId: 'blueGreen', line: 6 }, { messageId: 'drainOld', line: 6 }],
    },
    {
      name: 'a module entry eks-migrate cannot move (arguments built by a function, a post-bootstrap step): each says it stays AL2',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "20.8.4"\n  eks_managed_node_groups = {\n    a = {\n      ami_type             = "AL2_x86_64"\n      bootstrap_extra_args = format("--kubelet-extra-args \'%s\'", var.flags)\n    }\n    b = {\n      ami_type                 = "AL2_ARM_64"\n      post_bootstrap_user_data = "echo done"\n    }\n  }\n}\n',
      output: null,
      errors: [
        { messageId: 'inputNotLiteral', severity: 'manual', line: 7 }, { messageId: 'entryNotWritten', severity: 'manual', line: 5, message: /^eks_managed_node_groups\.a runs Amazon Linux 2/ },
        { messageId: 'postBootstrap', severity: 'manual', line: 11 }, { messageId: 'entryNotWritten', severity: 'manual', line: 9, message: /^eks_managed_node_groups\.b/ },
      ],
    },
    {
      name: 'a Karpenter node class whose userData cannot be converted: it says the class stays on AL2',
      filename: 'nc.yaml',
      code: 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: gpu\nspec:\n  role: R\n  amiSelectorTerms:\n    - alias: al2@latest\n  userData: |\n    #!/bin/bash\n    /etc/eks/bootstrap.sh prod --apiserver-endpoint ${ENDPOINT}\n',
      output: null,
      errors: [{ messageId: 'karpenterNotConverted', severity: 'manual', line: 1, message: /gpu stays on AL2/ }, { messageId: 'note', severity: 'manual', line: 11 }],
    },
    {
      name: 'a v1alpha1 AWSNodeTemplate without amiFamily runs AL2 (Karpenter\'s default): reported at it; its Provisioner needs nothing',
      filename: 'replay.yaml',
      code: 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: replay\nspec:\n  providerRef:\n    name: replay\n---\n# Wiederholung ✓\napiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n  name: replay\nspec:\n  instanceProfile: nodes\n',
      output: null,
      errors: [{ messageId: 'karpenterDefaultAl2', severity: 'manual', line: 10, message: /AWSNodeTemplate replay .*run AL2 \(Karpenter's default\).*amiSelectorTerms: \[\{alias: al2023@latest\}\]/ }],
    },
    {
      name: 'a dated alias in a kubectl_manifest heredoc stays pinned: the finding at its line lists the AL2023 releases of the target',
      filename: 'karpenter.tf',
      code: 'resource "kubectl_manifest" "b" {\n  yaml_body = <<-YAML\n    apiVersion: karpenter.k8s.aws/v1\n    kind: EC2NodeClass\n    metadata:\n      name: brokers\n    spec:\n      role: ${var.role}\n      amiSelectorTerms:\n        - alias: al2@v20240807\n  YAML\n}\n',
      output: null,
      errors: [{
        messageId: 'karpenterDated', severity: 'manual', line: 10, column: 18,
        message: /al2@v20240807.*aws ssm get-parameters-by-path --path \/aws\/service\/eks\/optimized-ami\/1\.33\/amazon-linux-2023\/ .*amazon-eks-node-al2023-x86_64-standard-1\.33-v\*/,
      }],
    },
    {
      name: 'a .tfvars value that names AL2 (an ami_type, an AMI parameter): reported where to change it',
      filename: 'prod.tfvars',
      code: '# Produktion ✓\nami_type = "AL2_x86_64"\nnode_ami = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\ninstance_types = ["m6i.large"]\n',
      output: null,
      errors: [{ messageId: 'tfvars', severity: 'manual', line: 2, message: /^ami_type in prod\.tfvars/ }, { messageId: 'tfvars', severity: 'manual', line: 3, message: /^node_ami in prod\.tfvars/ }],
    },
    {
      name: 'Terragrunt inputs: each AL2 entry and image reported (the module is elsewhere), nothing written',
      filename: 'terragrunt.hcl',
      code: 'terraform {\r\n  source = "tfr:///terraform-aws-modules/eks/aws?version=20.8.4"\r\n}\r\ninputs = {\r\n  eks_managed_node_groups = {\r\n    # Stapel ✓\r\n    batch = { ami_type = "AL2_ARM_64" }\r\n    web   = { ami_type = "AL2023_x86_64_STANDARD" }\r\n  }\r\n  self_managed_node_groups = {\r\n    gpu = { ami_id = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2-gpu/recommended/image_id" }\r\n  }\r\n}\r\n',
      output: null,
      errors: [{ messageId: 'terragrunt', severity: 'manual', line: 7, message: /eks_managed_node_groups\.batch in Terragrunt inputs/ }, { messageId: 'terragrunt', severity: 'manual', line: 11, message: /self_managed_node_groups\.gpu/ }],
    },
    {
      // Terraform refuses a name written twice, but the AL2 block is not hidden by the other one
      name: 'a resource name written twice: the AL2 block of the two is still seen',
      filename: 'main.tf',
      code: group('gpu', 'AL2_x86_64_GPU') + group('gpu', 'AL2023_x86_64_STANDARD'),
      output: `${group('gpu', 'AL2_x86_64_GPU').slice(0, -1)}\n\n# AL2023 replacement of aws_eks_node_group.gpu (eks-migrate al2023-nodes): apply, drain gpu, then delete gpu in a later change\n${group('gpu_al2023', 'AL2023_x86_64_NVIDIA').replace('node_group_name = "gpu_al2023"', 'node_group_name = "gpu-al2023"')}${group('gpu', 'AL2023_x86_64_STANDARD')}`,
      errors: [{ messageId: 'blueGreen', line: 1 }, { messageId: 'drainOld', line: 1 }],
    },
    {
      name: 'ami_type from a variable whose default is AL2: reported where to change it',
      filename: 'main.tf',
      code: 'resource "aws_eks_node_group" "n" {\n  ami_type = var.ami_type\n}\n',
      files: { 'variables.tf': 'variable "ami_type" {\n  default = "AL2_x86_64"\n}\n' },
      output: null,
      errors: [{ messageId: 'amiTypeIndirect', severity: 'manual', line: 2, message: /var\.ami_type/ }],
    },
    {
      name: 'a second run sees the replacement: only the drain finding',
      filename: 'main.tf',
      code: group('web', 'AL2_x86_64') + group('web_al2023', 'AL2023_x86_64_STANDARD'),
      output: null,
      errors: [{ messageId: 'drainOld', severity: 'manual', line: 1 }],
    },
    {
      name: '--al2023 in-place switches the group and says Terraform replaces it',
      filename: 'main.tf',
      options: { al2023: 'in-place' },
      code: group('web', 'AL2_ARM_64'),
      output: group('web', 'AL2023_ARM_64_STANDARD'),
      errors: [{ messageId: 'inPlaceReplaces', severity: 'warning', message: /replaces the node group/ }, { messageId: 'switchedInPlace' }],
    },
    {
      name: 'Neuron instances get the Neuron AMI type, reported',
      filename: 'main.tf',
      options: { al2023: 'in-place' },
      code: group('ml', 'AL2_x86_64_GPU', '  instance_types  = ["inf2.xlarge"]\n'),
      output: group('ml', 'AL2023_x86_64_NEURON', '  instance_types  = ["inf2.xlarge"]\n'),
      errors: [{ messageId: 'neuron', severity: 'warning' }, { messageId: 'inPlaceReplaces' }, { messageId: 'switchedInPlace' }],
    },
    {
      name: 'a launch template in another file: reported',
      filename: 'main.tf',
      code: group('web', 'AL2_x86_64', '  launch_template {\n    id      = aws_launch_template.web.id\n    version = 1\n  }\n'),
      files: { 'lt.tf': 'resource "aws_launch_template" "web" {\n}\n' },
      output: null,
      errors: [{ messageId: 'ltElsewhere', severity: 'manual' }],
    },
    {
      name: 'user data with shell values for bootstrap.sh: not converted, said why',
      filename: 'main.tf',
      code: 'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n}\nresource "aws_launch_template" "x" {\n  image_id  = data.aws_ssm_parameter.ami.value\n  user_data = base64encode(<<-EOT\n    #!/bin/bash\n    /etc/eks/bootstrap.sh $CLUSTER --b64-cluster-ca $CA --apiserver-endpoint $EP\n  EOT\n  )\n}\n',
      output: null,
      errors: [{ messageId: 'note', severity: 'manual', line: 8, message: /shell value/ }, { messageId: 'note', severity: 'manual', line: 8 }, { messageId: 'note', severity: 'manual', line: 8 }, { messageId: 'note', severity: 'manual', message: /needs the cluster/ }],
    },
    {
      name: 'a custom AL2 AMI whose user data calls no bootstrap.sh: reported',
      filename: 'main.tf',
      code: 'resource "aws_launch_template" "x" {\n  image_id = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n}\n',
      output: null,
      errors: [{ messageId: 'customNoBootstrap', severity: 'manual' }],
    },
    {
      name: 'template directives in user data: reported',
      filename: 'main.tf',
      code: 'resource "aws_launch_template" "x" {\n  image_id  = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n  user_data = base64encode(<<-EOT\n    %{ if true }\n    /etc/eks/bootstrap.sh c\n    %{ endif }\n  EOT\n  )\n}\n',
      output: null,
      errors: [{ messageId: 'userDataDirectives', severity: 'manual', message: /AL2 has no EKS AMI after 1\.32/ }],
    },
    {
      name: 'terraform-aws-eks defaults with an AL2 type: reported',
      filename: 'main.tf',
      code: 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_group_defaults = {\n    ami_type = "AL2_x86_64"\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'moduleDefaults', severity: 'manual', line: 4 }],
    },
    {
      name: 'a VPC CNI older than 1.16.2 beside AL2 nodes: reported (AL2023 needs 1.16.2)',
      filename: 'main.tf',
      code: 'resource "aws_eks_addon" "cni" {\n  addon_name    = "vpc-cni"\n  addon_version = "v1.15.4-eksbuild.1"\n}\n' + group('web', 'AL2023_x86_64_STANDARD'),
      files: { 'old.tf': group('old', 'AL2_x86_64').replace('"old"', '"old"') + group('old_al2023', 'AL2023_x86_64_STANDARD') },
      output: null,
      errors: [{ messageId: 'vpcCni', severity: 'manual', line: 3 }],
    },
    {
      name: 'a custom AMI launch template with a hop limit of 1: converted, IMDS reported',
      filename: 'main.tf',
      code: 'resource "aws_launch_template" "x" {\n  image_id = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n  metadata_options {\n    http_tokens                 = "required"\n    http_put_response_hop_limit = 1\n  }\n  user_data = base64encode("#!/bin/bash\\n/etc/eks/bootstrap.sh c --apiserver-endpoint https://e --b64-cluster-ca Q0E= --service-ipv4-cidr 10.0.0.0/16\\n")\n}\n',
      output: 'resource "aws_launch_template" "x" {\n  image_id = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/recommended/image_id"\n  metadata_options {\n    http_tokens                 = "required"\n    http_put_response_hop_limit = 1\n  }\n  user_data = base64encode(<<-EOT\n      MIME-Version: 1.0\n      Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"\n\n      --MIMEBOUNDARY\n      Content-Type: application/node.eks.aws\n\n      ---\n      apiVersion: node.eks.aws/v1alpha1\n      kind: NodeConfig\n      spec:\n        cluster:\n          name: c\n          apiServerEndpoint: https://e\n          certificateAuthority: Q0E=\n          cidr: 10.0.0.0/16\n\n      --MIMEBOUNDARY--\n    EOT\n  )\n}\n',
      errors: [{ messageId: 'customInPlace' }, { messageId: 'imds', severity: 'warning', line: 3 }],
    },
    {
      name: 'terraform-aws-eks v20: a self-managed group without ami_type runs AL2 by default: converted in place',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.8"\n  self_managed_node_groups = {\n    batch = {\n      instance_type        = "c6i.large"\n      bootstrap_extra_args = "--kubelet-extra-args \'--max-pods=30\'"\n    }\n  }\n}\n',
      output: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.8"\n  self_managed_node_groups = {\n    batch = {\n      ami_type = "AL2023_x86_64_STANDARD"\n      instance_type        = "c6i.large"\n      cloudinit_pre_nodeadm = [\n        {\n          content_type = "application/node.eks.aws"\n          content      = <<-EOT\n            ---\n            apiVersion: node.eks.aws/v1alpha1\n            kind: NodeConfig\n            spec:\n              kubelet:\n                config:\n                  maxPods: 30\n          EOT\n        },\n      ]\n    }\n  }\n}\n',
      errors: [{ messageId: 'selfManagedInPlace', line: 5 }],
    },
    {
      name: 'terraform-aws-eks v19: a self-managed group without ami_type runs AL2: upgrade the module first',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "19.21.0"\n  self_managed_node_groups = {\n    batch = {\n      instance_type = "c6i.large"\n    }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'selfManagedOldModule', severity: 'manual', line: 5, message: /v19/ }],
    },
    {
      name: 'eksctl groups without amiFamily on a 1.32 cluster: one warning naming them (older eksctl made them AL2)',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.32"\nmanagedNodeGroups:\n  - name: a\n  - name: b\n    amiFamily: AmazonLinux2023\nnodeGroups:\n  - name: c\n',
      output: null,
      errors: [{ messageId: 'eksctlUnsetFamily', severity: 'warning', line: 8, message: /managedNodeGroups\[a\], nodeGroups\[c\]/ }],
    },
    {
      name: 'a managed group on an EKS AMI whose user data is a cloudinit_config with a bootstrap call: blue/green by hand',
      filename: 'main.tf',
      code: 'data "cloudinit_config" "ud" {\n  part {\n    content_type = "text/x-shellscript"\n    content      = "/etc/eks/bootstrap.sh c --kubelet-extra-args --max-pods=9"\n  }\n}\nresource "aws_launch_template" "lt" {\n  user_data = data.cloudinit_config.ud.rendered\n}\n' + group('web', 'AL2_x86_64', '  launch_template {\n    id      = aws_launch_template.lt.id\n    version = 1\n  }\n'),
      output: null,
      errors: [{ messageId: 'cloudinitBlueGreen', severity: 'manual', line: 10 }],
    },
    {
      name: 'a managed group without ami_type on a 1.32 cluster: a warning (EKS chose AL2 for groups made before 1.30)',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\nresource "aws_eks_node_group" "old" {\n  cluster_name = "c"\n}\n',
      output: null,
      errors: [{ messageId: 'unsetAmiType', severity: 'warning', line: 4, message: /describe-nodegroup/ }],
    },
    {
      name: 'terraform-aws-eks managed entry without ami_type on a 1.32 cluster: a warning',
      filename: 'main.tf',
      code: 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "~> 20.0"\n  cluster_version = "1.32"\n  eks_managed_node_groups = {\n    a = {\n      instance_types = ["m6i.large"]\n    }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'unsetAmiType', severity: 'warning', line: 6 }],
    },
    {
      name: 'terraform-aws-eks pinned before v20.5 cannot write AL2023 user data: a group with bootstrap inputs waits for the module upgrade',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "20.3.0"\n  eks_managed_node_groups = {\n    a = {\n      ami_type = "AL2_x86_64"\n      pre_bootstrap_user_data = "sysctl -w vm.max_map_count=262144"\n    }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'moduleTooOld', severity: 'manual', line: 5, message: /v20\.5/ }],
    },
    {
      name: 'the same module, a group without bootstrap inputs: its ami_type passes through, so it switches in place',
      filename: 'main.tf',
      code: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "20.3.0"\n  eks_managed_node_groups = {\n    a = {\n      ami_type = "AL2_x86_64"\n    }\n  }\n}\n',
      output: 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "20.3.0"\n  eks_managed_node_groups = {\n    a = {\n      ami_type = "AL2023_x86_64_STANDARD"\n    }\n  }\n}\n',
      errors: [{ messageId: 'entryCreatedFirst', line: 5 }],
    },
    {
      name: 'an eksctl group whose replacement exists: the drain step only',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\nnodeGroups:\n  - name: a\n    amiFamily: AmazonLinux2\n  - name: a-al2023\n    amiFamily: AmazonLinux2023\n',
      output: null,
      errors: [{ messageId: 'eksctlDrain', severity: 'manual', line: 7, message: /eksctl delete nodegroup/ }],
    },
    {
      name: 'issue 24 N13: eksctl groups that get AmazonLinux2 through a merge key (<<: &defaults / <<: *defaults) are AL2: a manual finding each, no copy',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.32"\nmanagedNodeGroups:\n  - name: general # größer\n    <<: &defaults\n      amiFamily: AmazonLinux2\n      instanceType: m6i.large\n    minSize: 3\n  - name: batch\n    <<: *defaults\n',
      output: null,
      errors: [{ messageId: 'eksctlAnchors', severity: 'manual', line: 8, message: /general-al2023/ }, { messageId: 'eksctlAnchors', severity: 'manual', line: 13, message: /batch-al2023/ }],
    },
    {
      name: 'issue 24 N13: an anchored AL2 group (- &base) and its merged copy (CRLF): manual, not copied (a second &base would re-point *base)',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\r\nkind: ClusterConfig\r\nmetadata:\r\n  name: c\r\n  region: eu-west-1\r\n  version: "1.32"\r\nmanagedNodeGroups:\r\n  - &base\r\n    name: general\r\n    amiFamily: AmazonLinux2\r\n  - <<: *base\r\n    name: nightly\r\n',
      output: null,
      errors: [{ messageId: 'eksctlAnchors', severity: 'manual', line: 9 }, { messageId: 'eksctlAnchors', severity: 'manual', line: 11 }],
    },
  ],
});

// AL2 past its end of support (2026-06-30): below 1.33 the rule reports AL2 nodes; --al2023 converts them there
new RuleTester({ options: { target: '1.32', today: '2026-12-06' } }).run('al2023-nodes below 1.33, AL2 past its end of support', rule, {
  valid: [{ name: 'an AL2023 group', filename: 'main.tf', code: group('a', 'AL2023_x86_64_STANDARD') }],
  invalid: [
    { name: 'an AL2 group is reported, not rewritten (Knoten ✓)', filename: 'main.tf', code: `# Knoten ✓\n${group('a', 'AL2_x86_64')}`, output: null, errors: [{ messageId: 'pastSupport', severity: 'warning', line: 5, message: /2026-06-30/ }] },
    {
      name: 'eksctl AmazonLinux2 group (CRLF)', filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\r\nkind: ClusterConfig\r\nmetadata:\r\n  name: c\r\n  region: eu-west-1\r\n  version: "1.32"\r\nmanagedNodeGroups:\r\n  - name: ng-1 # alt\r\n    amiFamily: AmazonLinux2\r\n',
      output: null, errors: [{ messageId: 'pastSupport', severity: 'warning' }],
    },
    {
      name: '--al2023 in-place converts at 1.32', filename: 'main.tf', options: { target: '1.32', today: '2026-12-06', al2023: 'in-place' },
      code: group('a', 'AL2_ARM_64'), output: group('a', 'AL2023_ARM_64_STANDARD'), errors: [{ messageId: 'inPlaceReplaces' }, { messageId: 'switchedInPlace' }],
    },
  ],
});

describe('al2023-nodes runs below 1.33 only once AL2 is past its end of support', () => {
  it('is selected at 1.32 from 2026-06-30, not before', () => {
    expect(selectRules('1.32', undefined, '2026-12-06').map((r) => r.meta.id)).toContain('al2023-nodes');
    expect(selectRules('1.32', undefined, '2026-06-29').map((r) => r.meta.id)).not.toContain('al2023-nodes');
    expect(selectRules('1.32').map((r) => r.meta.id)).not.toContain('al2023-nodes');
  });
});

// user data without a bootstrap call whose lines configure kubelet the AL2 way: each line reported on the AL2023 move
const kubeletLines = "resource \"aws_launch_template\" \"lt\" {\n  user_data = base64encode(<<-EOT\n    #!/bin/bash\n    # größer\n    cat <<-EOF > /etc/profile.d/k.sh\n    export KUBELET_EXTRA_ARGS=\"--max-pods=110\"\n    EOF\n    export USE_MAX_PODS=false\n  EOT\n  )\n}\nresource \"aws_eks_node_group\" \"g\" {\n  node_group_name = \"g\"\n  ami_type        = \"AL2_x86_64\"\n  launch_template {\n    id      = aws_launch_template.lt.id\n    version = aws_launch_template.lt.latest_version\n  }\n}\n";
const kubeletLinesOut = "resource \"aws_launch_template\" \"lt\" {\n  user_data = base64encode(<<-EOT\n    #!/bin/bash\n    # größer\n    cat <<-EOF > /etc/profile.d/k.sh\n    export KUBELET_EXTRA_ARGS=\"--max-pods=110\"\n    EOF\n    export USE_MAX_PODS=false\n  EOT\n  )\n}\nresource \"aws_eks_node_group\" \"g\" {\n  node_group_name = \"g\"\n  ami_type        = \"AL2_x86_64\"\n  launch_template {\n    id      = aws_launch_template.lt.id\n    version = aws_launch_template.lt.latest_version\n  }\n}\n\n# AL2023 replacement of aws_eks_node_group.g (eks-migrate al2023-nodes): apply, drain g, then delete g in a later change\nresource \"aws_eks_node_group\" \"g_al2023\" {\n  node_group_name = \"g-al2023\"\n  ami_type        = \"AL2023_x86_64_STANDARD\"\n  launch_template {\n    id      = aws_launch_template.lt.id\n    version = aws_launch_template.lt.latest_version\n  }\n}\n";
new RuleTester({ options: OPTIONS }).run('al2023-nodes: AL2 kubelet lines in user data without a bootstrap call', rule, {
  valid: [],
  invalid: [
    {
      name: 'a managed group on the EKS AMI whose launch template writes KUBELET_EXTRA_ARGS and USE_MAX_PODS (größer)', filename: 'main.tf',
      code: kubeletLines, output: kubeletLinesOut,
      errors: [
        { messageId: 'note', severity: 'manual', line: 6, message: /KUBELET_EXTRA_ARGS.*maxPods: 110/ },
        { messageId: 'note', severity: 'manual', line: 8, message: /USE_MAX_PODS/ },
        { messageId: 'drainOld' }, { messageId: 'blueGreen' },
      ],
    },
  ],
});

// a bootstrap template rendered by a self-managed launch template (its own image) that lacks the cluster fields
const workerLt = (vars: string) => `data "aws_ami" "w" {\n  filter {\n    name   = "name"\n    values = ["amazon-eks-node-1.32-v*"]\n  }\n}\nresource "aws_launch_template" "worker" {\n  image_id  = data.aws_ami.w.id\n  user_data = base64encode(templatefile("\${path.module}/userdata.tpl", {\n${vars}  }))\n}\n`;
new RuleTester({ options: OPTIONS }).run('al2023-nodes: a template of a self-managed launch template without the cluster fields', rule, {
  valid: [],
  invalid: [
    {
      name: 'the endpoint, CA and CIDR it must be given are named (Arbeiter ✓)', filename: 'userdata.tpl',
      code: "#!/bin/bash\r\n# Arbeiter ✓\r\n/etc/eks/bootstrap.sh ${cluster_name} --kubelet-extra-args '--max-pods=58'\r\n",
      files: { 'main.tf': workerLt('    cluster_name = var.cluster_name\n') }, output: null,
      errors: [{ messageId: 'script', line: 3 }, { messageId: 'templateClusterFields', line: 3, severity: 'manual', message: /aws_launch_template\.worker.*API server endpoint.*the CA.*the service CIDR/ }],
    },
    {
      name: 'a template that gets all four: only the equivalent', filename: 'userdata.tpl',
      code: '#!/bin/bash\n/etc/eks/bootstrap.sh ${name} --apiserver-endpoint "${endpoint}" --b64-cluster-ca "${ca}" --service-ipv4-cidr ${cidr}\n',
      files: { 'main.tf': workerLt('    name = "c"\n    endpoint = "e"\n    ca = "x"\n    cidr = "10.100.0.0/16"\n') }, output: null,
      errors: [{ messageId: 'script', line: 2 }],
    },
  ],
});

// prerequisites of AL2023 nodes (issue 23 items 4 and 5): the hashicorp/aws release, kernel modules built with yum
const providers = (version: string, local = 'aws', source = 'hashicorp/aws') =>
  `terraform {\n  required_providers {\n    ${local} = {\n      source  = "${source}"\n      version = "${version}"\n    }\n  }\n}\n`;

describe('hashicorp/aws constraints below the first release that accepts the AL2023 ami_type values', () => {
  it('is 5.40.0', () => expect(AWS_PROVIDER_AL2023).toBe('5.40.0'));
  it.each([
    ['~> 4.67', '~> 4.67'], ['< 5.0', '< 5.0'], ['>= 4.0, < 5.0', '< 5.0'], ['= 4.67.0', '= 4.67.0'], ['4.67.0', '4.67.0'],
    ['~> 5.39.0', '~> 5.39.0'], ['<= 5.39.1', '<= 5.39.1'], ['< 5.40.0', '< 5.40.0'], ['v5.31.0', 'v5.31.0'],
  ])('%s cannot reach it (%s)', (c, part) => expect(constraintBelow(c, AWS_PROVIDER_AL2023)).toBe(part));
  it.each(['~> 5.0', '>= 5.40', '~> 5.40.0', '<= 5.40.0', '= 5.40.0', '>= 4.0', '~> 6.0', '~> 4', '!= 5.39.0', '>= 4.0, != 4.1.0', '5.x'])(
    '%s may reach it (or is not read)', (c) => expect(constraintBelow(c, AWS_PROVIDER_AL2023)).toBeUndefined());
});

new RuleTester({ options: OPTIONS }).run('al2023-nodes prerequisites (RuleTester)', rule, {
  valid: [
    { name: 'a provider pin in a folder without AL2 nodes or AL2023 types', filename: 'versions.tf', code: providers('~> 4.67') },
    { name: 'a provider that reaches 5.40.0, AL2023 group', filename: 'main.tf', code: providers('~> 5.0') + group('a', 'AL2023_x86_64_STANDARD') },
    { name: 'another provider called aws (a fork)', filename: 'main.tf', code: providers('~> 4.67', 'aws', 'example/aws') + group('a', 'AL2023_x86_64_STANDARD') },
    { name: 'yum install in a script without bootstrap.sh (not AL2 user data eks-migrate reads)', filename: 'setup.sh', code: '#!/bin/bash\nyum install -y kernel-devel-$(uname -r)\n' },
  ],
  invalid: [
    {
      name: 'AL2023 ami_type written with hashicorp/aws ~> 4.67 (Prüfung)', filename: 'main.tf',
      code: `# Prüfung\n${providers('~> 4.67')}${group('a', 'AL2023_x86_64_STANDARD')}`,
      output: null, errors: [{ messageId: 'awsProvider', severity: 'manual', line: 6, message: /^hashicorp\/aws ~> 4\.67 cannot reach 5\.40\.0,/ }],
    },
    {
      name: 'an AL2 group moves and the provider is pinned below 5.40.0 (CRLF, provider under another local name)', filename: 'main.tf',
      code: (providers('= 5.39.1', 'amazon') + group('a', 'AL2_x86_64')).replace(/\n/g, '\r\n'),
      output: (providers('= 5.39.1', 'amazon') + group('a', 'AL2_x86_64').slice(0, -1) + '\n\n# AL2023 replacement of aws_eks_node_group.a (eks-migrate al2023-nodes): apply, drain a, then delete a in a later change\n' + group('a_al2023', 'AL2023_x86_64_STANDARD').replace('node_group_name = "a_al2023"', 'node_group_name = "a-al2023"')).replace(/\n/g, '\r\n'),
      errors: [{ messageId: 'blueGreen', line: 9 }, { messageId: 'drainOld', line: 9 }, { messageId: 'awsProvider', severity: 'manual', line: 5, message: /= 5\.39\.1 cannot reach 5\.40\.0/ }],
    },
    {
      name: 'the older required_providers form (aws = "~> 3.0") and a legacy string constraint', filename: 'main.tf',
      code: `terraform {\n  required_providers {\n    aws = "~> 3.0"\n  }\n}\n${group('a', 'AL2023_ARM_64_STANDARD')}`,
      output: null, errors: [{ messageId: 'awsProvider', line: 3, message: /~> 3\.0 cannot reach/ }],
    },
    {
      name: 'a user data script: yum kernel-devel is a warning at its line (dnf), the bootstrap call stays manual', filename: 'userdata.sh',
      code: '#!/bin/bash\n# yum install kernel-devel: see below\nyum install kernel-devel\n/etc/eks/bootstrap.sh prod\n',
      output: null,
      errors: [{ messageId: 'note', severity: 'warning', line: 3, message: /dnf install -y kernel-devel-\$\(uname -r\)/ }, { messageId: 'script', severity: 'manual', line: 4 }],
    },
  ],
});

// eks_managed_node_group_defaults.ami_type: switched in place when every group that takes it is created first
const withDefaults = (v: string, type: string, main: string) =>
  `module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "${v}"\n\n  eks_managed_node_group_defaults = {\n    ami_type = "${type}" # für alle\n  }\n\n  eks_managed_node_groups = {\n    main = {\n${main}      instance_types = ["m6i.large"]\n    }\n  }\n}\n`;
new RuleTester({ options: OPTIONS }).run('al2023-nodes: the module-wide default ami_type', rule, {
  valid: [],
  invalid: [
    {
      name: 'v19, a prefixed group without bootstrap inputs: the default switches in place', filename: 'main.tf',
      code: withDefaults('~> 19.0', 'AL2_x86_64', ''), output: withDefaults('~> 19.0', 'AL2023_x86_64_STANDARD', ''),
      errors: [{ messageId: 'defaultsCreatedFirst', line: 6, message: /creates each AL2023 group before it destroys/ }],
    },
    {
      name: 'a group with a fixed name takes the default: reported, not switched', filename: 'main.tf',
      code: withDefaults('20.31.6', 'AL2_ARM_64', '      use_name_prefix = false\n'), output: null,
      errors: [{ messageId: 'moduleDefaults', severity: 'manual', line: 6 }],
    },
    {
      name: 'a group with bootstrap inputs takes the default: reported', filename: 'main.tf',
      code: withDefaults('20.31.6', 'AL2_x86_64', '      bootstrap_extra_args = "--kubelet-extra-args \'--max-pods=20\'"\n'), output: null,
      errors: [{ messageId: 'moduleDefaults', severity: 'manual', line: 6 }],
    },
  ],
});

// a bootstrap.sh call whose image eks-migrate cannot see (a variable, another module): one warning at the call
new RuleTester({ options: OPTIONS }).run('al2023-nodes: bootstrap.sh user data with an image eks-migrate cannot see', rule, {
  valid: [{ name: 'no bootstrap call', filename: 'main.tf', code: 'locals {\n  ud = "#!/bin/bash\\necho hi\\n"\n}\n' }],
  invalid: [
    {
      name: 'user data in a local, the image from a variable (Größe ✓, CRLF)', filename: 'worker.tf',
      code: 'locals {\r\n  # Größe ✓\r\n  worker_userdata = <<-EOT\r\n    #!/bin/bash\r\n    /etc/eks/bootstrap.sh ${var.cluster} --kubelet-extra-args \'--max-pods=30\'\r\n  EOT\r\n}\r\nresource "aws_launch_template" "w" {\r\n  image_id  = var.ami_id\r\n  user_data = base64encode(local.worker_userdata)\r\n}\r\n',
      output: null, errors: [{ messageId: 'bootstrapImageUnknown', severity: 'warning', line: 5 }],
    },
  ],
});

// an AL2 value written in a tfvars file that a module's node groups read through a variable
new RuleTester({ options: OPTIONS }).run('al2023-nodes: AL2 values where they are written', rule, {
  valid: [],
  invalid: [
    {
      name: 'terraform.tfvars gives the node groups their ami_type (Knoten ✓)', filename: 'terraform.tfvars',
      code: '# Knoten ✓\r\ncluster_version = "1.32"\r\nnode_ami_type   = "AL2_x86_64"\r\n',
      files: {
        'main.tf': 'module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "20.31.6"\n  cluster_name    = "c"\n  cluster_version = var.cluster_version\n  eks_managed_node_groups = {\n    main = {\n      ami_type = var.node_ami_type\n    }\n  }\n}\n',
        'variables.tf': 'variable "cluster_version" {}\nvariable "node_ami_type" {}\n',
      },
      output: null, errors: [{ messageId: 'al2Value', severity: 'manual', line: 3, message: /eks_managed_node_groups\.main/ }],
    },
  ],
});
