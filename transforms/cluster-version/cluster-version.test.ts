import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';
import { hops, supportStatus } from '../../src/eks/versions';

describe('cluster-version', () => {
  fixtureTests(__dirname, ['cluster-version']);

  test('hops name every minor version on the way', () => {
    expect(hops('1.25', '1.27')).toEqual(['1.26', '1.27']);
    expect(hops('1.27', '1.27')).toEqual([]);
  });

  test('the support calendar depends on the injected date', () => {
    expect(supportStatus('1.26', '2024-01-01')?.status).toBe('standard');
    expect(supportStatus('1.26', '2024-06-12')?.status).toBe('extended');
    expect(supportStatus('1.26', '2025-06-12')?.status).toBe('unsupported');
    expect(supportStatus('1.26', '2025-06-12')?.release.endOfStandardSupport).toBe('2024-06-11');
  });
});

// the version wherever it is written (issue: upgrade commits as teams write them), to 1.30 on 2026-11-30
const at130 = { target: '1.30', today: '2026-11-30' };
const before = { target: '1.30', today: '2024-06-01' }; // 1.28 and 1.29 in standard support: no calendar warning
const bumped = { messageId: 'bumped', severity: 'fix' as const };

new RuleTester({ options: before }).run('cluster-version: the version surface', rule, {
  valid: [
    { name: 'a reference to the cluster version is already right', filename: 'main.tf', code: 'resource "aws_eks_node_group" "w" {\n  version = aws_eks_cluster.this.version\n}\n' },
    { name: 'a module output', filename: 'main.tf', code: 'module "ng" {\n  cluster_version = module.eks.cluster_version\n}\n' },
    { name: 'already at the target', filename: 'prod.tfvars', code: 'cluster_version = "1.30"\n' },
    { name: 'a comment that mentions a version', filename: 'staging.tfvars', code: '# 1.28 → 1.29 am 2024-05-14\nenvironment = "staging"\n' },
    { name: 'not a version name', filename: 'x.tfvars', code: 'python_version = "1.29"\n' },
  ],
  invalid: [
    {
      name: 'a tfvars file of another folder, CRLF, non-ASCII comment',
      filename: 'envs/staging.tfvars',
      code: '# Staging — zuerst\r\ncluster_version = "1.29"\r\n',
      output: '# Staging — zuerst\r\ncluster_version = "1.30"\r\n',
      errors: [{ ...bumped, line: 2, column: 20, message: /by its name/ }],
    },
    {
      name: 'a -var-file layout: the tfvars feeds the variable of the same name of a module nearby',
      filename: 'envs/prod.tfvars',
      code: 'cluster_version = "1.29"\n',
      files: { '../modules/eks/variables.tf': 'variable "cluster_version" {\n  type = string\n}\n' },
      output: 'cluster_version = "1.30"\n',
      errors: [{ ...bumped, message: /feeds variable "cluster_version" of \.\.\/modules\/eks\/ \(same name\)/ }],
    },
    {
      name: 'an unquoted number becomes a string (1.30 would read as 1.3)',
      filename: 'prod.tfvars',
      code: 'cluster_version = 1.29 # prod\n',
      output: 'cluster_version = "1.30" # prod\n',
      errors: [{ messageId: 'bumpedQuoted', message: /read as 1\.3\b/ }],
    },
    {
      name: 'tfvars.json',
      filename: 'dev.tfvars.json',
      code: '{\n  "environment": "dev",\n  "cluster_version": "1.29"\n}',
      output: '{\n  "environment": "dev",\n  "cluster_version": "1.30"\n}',
      errors: [{ ...bumped, line: 3 }],
    },
    {
      name: 'a map by workspace: only the entry at target−1 moves; an older one gets the hops',
      filename: 'main.tf',
      code: 'locals {\n  cluster_version = {\n    live    = "1.29"\n    test    = "1.30"\n    sandbox = \'x\'\n    old     = "1.28"\n  }\n}\n\nresource "aws_eks_cluster" "this" {\n  version = local.cluster_version[terraform.workspace]\n}\n'.replace("'x'", '"1.30"'),
      output: 'locals {\n  cluster_version = {\n    live    = "1.30"\n    test    = "1.30"\n    sandbox = "1.30"\n    old     = "1.28"\n  }\n}\n\nresource "aws_eks_cluster" "this" {\n  version = local.cluster_version[terraform.workspace]\n}\n',
      errors: [{ ...bumped, line: 3, message: /used as aws_eks_cluster\.this .*when terraform\.workspace == "live"/ }, { messageId: 'hops', line: 6, message: /--target 1\.29/ }, { messageId: 'perEntry', severity: 'info', line: 11 }],
    },
    {
      name: 'an object by role, read by key',
      filename: 'main.tf',
      code: 'locals {\n  eks_version = {\n    cluster    = "1.29"\n    node-group = "1.29"\n  }\n}\nresource "aws_eks_cluster" "this" {\n  version = local.eks_version.cluster\n}\nresource "aws_eks_node_group" "n" {\n  version = local.eks_version["node-group"]\n}\n',
      output: 'locals {\n  eks_version = {\n    cluster    = "1.30"\n    node-group = "1.30"\n  }\n}\nresource "aws_eks_cluster" "this" {\n  version = local.eks_version.cluster\n}\nresource "aws_eks_node_group" "n" {\n  version = local.eks_version["node-group"]\n}\n',
      errors: [{ ...bumped, line: 3 }, { ...bumped, line: 4 }],
    },
    {
      name: 'a variable default and its validation list',
      filename: 'variables.tf',
      code: 'variable "cluster_version" {\n  default = "1.29"\n\n  validation {\n    condition     = contains(["1.28", "1.29"], var.cluster_version)\n    error_message = "getestet"\n  }\n}\n',
      files: { 'main.tf': 'module "eks" {\n  cluster_version = var.cluster_version\n}\n' },
      output: 'variable "cluster_version" {\n  default = "1.30"\n\n  validation {\n    condition     = contains(["1.28", "1.29", "1.30"], var.cluster_version)\n    error_message = "getestet"\n  }\n}\n',
      errors: [{ ...bumped, line: 2 }, { messageId: 'validation', line: 5 }],
    },
    {
      name: 'Terragrunt inputs and locals',
      filename: 'live/prod/eks/terragrunt.hcl',
      code: 'locals {\n  k8s_version = "1.29"\n}\ninputs = {\n  eks_cluster_version = "1.29"\n  other               = local.k8s_version\n}\n',
      output: 'locals {\n  k8s_version = "1.30"\n}\ninputs = {\n  eks_cluster_version = "1.30"\n  other               = local.k8s_version\n}\n',
      errors: [{ ...bumped, line: 2 }, { ...bumped, line: 5, message: /by its name/ }],
    },
    {
      name: 'a Terragrunt stack with include and dependency blocks: only the version input moves',
      filename: 'live/prod/eks/terragrunt.hcl',
      code: 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\ndependency "vpc" {\n  config_path = "../vpc"\n  mock_outputs = {\n    vpc_id = "vpc-0"\n  }\n}\n\ninputs = {\n  cluster_name        = "payments-prod"\n  eks_cluster_version = "1.29"\n  vpc_id              = dependency.vpc.outputs.vpc_id\n}\n',
      output: 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\ndependency "vpc" {\n  config_path = "../vpc"\n  mock_outputs = {\n    vpc_id = "vpc-0"\n  }\n}\n\ninputs = {\n  cluster_name        = "payments-prod"\n  eks_cluster_version = "1.30"\n  vpc_id              = dependency.vpc.outputs.vpc_id\n}\n',
      errors: [{ ...bumped, line: 14 }],
    },
    {
      name: 'a Terraform Cloud variable-set map in a .tf',
      filename: 'tfe/variable-sets.tf',
      code: 'locals {\n  eks_prod_vars = {\n    environment     = "prod"\n    cluster_version = "1.29"\n  }\n}\n',
      output: 'locals {\n  eks_prod_vars = {\n    environment     = "prod"\n    cluster_version = "1.30"\n  }\n}\n',
      errors: [{ ...bumped, line: 4, message: /by its name/ }],
    },
    {
      name: 'eksctl: an unquoted metadata.version',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: 1.29\n',
      output: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.30"\n',
      errors: [{ messageId: 'bumpedQuoted', line: 6 }],
    },
  ],
});

new RuleTester({ options: at130 }).run('cluster-version: drift', rule, {
  valid: [],
  invalid: [
    {
      name: 'EKS already upgraded a 1.28 cluster (end of extended support 2025-11-26): a warning that names describe-cluster',
      filename: 'main.tf',
      code: 'module "eks" {\n  cluster_version = "1.28"\n}\n',
      output: null,
      errors: [
        { messageId: 'drift', severity: 'warning', line: 2, message: /ended extended support for 1\.28 on 2025-11-26.*runs at least 1\.3\d \(the oldest version EKS runs\).*downgrade.*aws eks describe-cluster/s },
        { messageId: 'hops', severity: 'manual', line: 2 },
      ],
    },
  ],
});

new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('cluster-version: the hop from an auto-upgraded version', rule, {
  valid: [],
  invalid: [
    {
      name: 'a 1.21 cluster runs 1.32 since EKS upgraded it: the bump says it is one minor above 1.32, not above 1.21',
      filename: 'main.tf',
      code: 'module "eks" {\n  cluster_version = "1.21"\n}\n',
      output: 'module "eks" {\n  cluster_version = "1.33"\n}\n',
      errors: [
        { messageId: 'drift', severity: 'warning', line: 2 },
        { messageId: 'bumped', severity: 'fix', line: 2, message: /1\.21 → 1\.33: one minor above 1\.32, the version EKS runs it at since its auto-upgrade/ },
      ],
    },
    {
      name: 'a 1.32 cluster: one minor version',
      filename: 'main.tf',
      code: 'module "eks" {\n  cluster_version = "1.32"\n}\n',
      output: 'module "eks" {\n  cluster_version = "1.33"\n}\n',
      errors: [{ messageId: 'support', severity: 'warning', line: 2 }, { messageId: 'bumped', severity: 'fix', line: 2, message: /1\.32 → 1\.33: one minor version, as EKS/ }],
    },
  ],
});

new RuleTester({ options: { target: '1.33', today: '2025-06-01' } }).run('cluster-version: AL2 node groups hold the cluster at 1.32', rule, {
  valid: [
    {
      name: 'no AL2 group: bumped (checked by the invalid case below); an AL2 type in a comment does not hold',
      filename: 'x.tf',
      code: '# AL2_x86_64 once\nlocals {\n  x = 1\n}\n',
    },
  ],
  invalid: [
    {
      name: 'an AL2 managed group in the folder',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\n',
      files: { 'nodes.tf': 'resource "aws_eks_node_group" "n" {\n  ami_type = "AL2_x86_64"\n}\n' },
      output: null,
      errors: [{ messageId: 'heldForAl2', severity: 'manual', line: 2, message: /stays 1\.32.*AL2.*aws_eks_node_group\.n/ }],
    },
    {
      name: 'an AL2 launch template in a local module the folder calls',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\nmodule "ng" {\n  source = "./modules/ng"\n}\n',
      files: { 'modules/ng/main.tf': 'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n}\nresource "aws_launch_template" "ng" {\n  image_id = data.aws_ssm_parameter.ami.value\n}\n' },
      output: null,
      errors: [{ messageId: 'heldForAl2', severity: 'manual', line: 2, message: /aws_launch_template\.ng: data\.aws_ssm_parameter\.ami/ }],
    },
    {
      name: 'an AL2 image parameter that nothing reads holds nothing (teams delete it with the upgrade)',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\nmodule "ng" {\n  source = "./modules/ng"\n}\n',
      files: {
        'modules/ng/main.tf': 'data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n}\nresource "aws_eks_node_group" "n" {\n  ami_type = "AL2023_x86_64_STANDARD"\n}\n',
      },
      output: 'resource "aws_eks_cluster" "c" {\n  version = "1.33"\n}\nmodule "ng" {\n  source = "./modules/ng"\n}\n',
      errors: [{ messageId: 'bumped', line: 2 }],
    },
    {
      name: 'eksctl: AmazonLinux2 groups (eksctl refuses them from 1.33)',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.32"\nnodeGroups:\n  - name: a\n    amiFamily: AmazonLinux2\n',
      output: null,
      errors: [{ messageId: 'heldForAl2', severity: 'manual', line: 6, message: /eksctl refuses/ }],
    },
    {
      name: 'an AL2 ami_type given in a .tfvars file of the folder',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\n',
      files: { 'prod.tfvars': 'ami_type = "AL2_ARM_64"\n' },
      output: null,
      errors: [{ messageId: 'heldForAl2', severity: 'manual', line: 2, message: /remain here: ami_type/ }],
    },
    {
      name: 'Terragrunt inputs with an AL2 terraform-aws-eks group (Produktion ✓)',
      filename: 'terragrunt.hcl',
      code: '# Produktion ✓\ninputs = {\n  cluster_version = "1.32"\n  eks_managed_node_groups = {\n    default = { ami_type = "AL2_x86_64" }\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'heldForAl2', severity: 'manual', line: 3, message: /eks_managed_node_groups\.default/ }],
    },
    {
      name: 'AL2023 groups only: bumped',
      filename: 'main.tf',
      code: 'resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\n',
      files: { 'nodes.tf': 'resource "aws_eks_node_group" "n" {\n  ami_type = "AL2023_x86_64_STANDARD"\n}\n' },
      output: 'resource "aws_eks_cluster" "c" {\n  version = "1.33"\n}\n',
      errors: [{ messageId: 'bumped', line: 2 }],
    },
  ],
});

// AL2 groups al2023-nodes switches in place in the same run (a name prefix, a literal ami_type) do not hold the cluster
const prefixedModule = (v: string, entry: string) =>
  `module "eks" {\r\n  source          = "terraform-aws-modules/eks/aws"\r\n  version         = "20.31.6"\r\n  cluster_version = "${v}" # Größe ✓\r\n  eks_managed_node_groups = {\r\n    web = {\r\n${entry}    }\r\n  }\r\n}\r\n`;
new RuleTester({ options: { target: '1.33', today: '2026-06-01' } }).run('cluster-version: AL2 groups switched in place in the same run', rule, {
  valid: [],
  invalid: [
    {
      name: 'a prefixed group with a literal AL2 ami_type (CRLF): bumped with the switch',
      filename: 'main.tf', code: prefixedModule('1.32', '      ami_type = "AL2_x86_64"\r\n'), output: prefixedModule('1.33', '      ami_type = "AL2_x86_64"\r\n'),
      errors: [{ messageId: 'support', severity: 'warning', line: 4 }, { messageId: 'bumped', line: 4 }],
    },
    {
      name: 'the same group with a fixed name (a blue/green copy): held',
      filename: 'main.tf', code: prefixedModule('1.32', '      ami_type        = "AL2_x86_64"\r\n      use_name_prefix = false\r\n'), output: null,
      errors: [{ messageId: 'support', severity: 'warning', line: 4 }, { messageId: 'heldForAl2', severity: 'manual', line: 4 }],
    },
    {
      name: 'the prefixed group with --al2023 blue-green: held',
      filename: 'main.tf', options: { target: '1.33', today: '2026-06-01', al2023: 'blue-green' }, code: prefixedModule('1.32', '      ami_type = "AL2_x86_64"\r\n'), output: null,
      errors: [{ messageId: 'support', severity: 'warning', line: 4 }, { messageId: 'heldForAl2', severity: 'manual', line: 4 }],
    },
  ],
});
