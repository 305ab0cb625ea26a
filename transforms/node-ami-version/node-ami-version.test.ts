import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('node-ami-version', () => {
  fixtureTests(__dirname, ['node-ami-version'], { options: { target: '1.30', today: '2024-06-01' } });
});

const ssm = (minor: string, os = 'amazon-linux-2023/x86_64/standard') => `data "aws_ssm_parameter" "ami" {\n  name = "/aws/service/eks/optimized-ami/${minor}/${os}/recommended/image_id"\n}\n`;

new RuleTester({ options: { target: '1.33', today: '2025-06-01' } }).run('node-ami-version (RuleTester)', rule, {
  valid: [
    { name: 'already the target', filename: 'main.tf', code: ssm('1.33') },
    { name: 'in a comment-free other string', filename: 'main.tf', code: 'locals {\n  note = "optimized-ami 1.32"\n}\n' },
  ],
  invalid: [
    { name: 'AL2023 path moves', filename: 'main.tf', code: ssm('1.32'), output: ssm('1.33'), errors: [{ messageId: 'moved', line: 2 }] },
    { name: 'no AL2 AMI after 1.32: reported', filename: 'main.tf', code: ssm('1.32', 'amazon-linux-2'), output: null, errors: [{ messageId: 'noAl2', severity: 'manual' }] },
    { name: 'an AL2 path of an older minor: reported too (no AL2 AMI after 1.32, whichever minor it names)', filename: 'main.tf', code: ssm('1.29', 'amazon-linux-2-arm64'), output: null, errors: [{ messageId: 'noAl2', severity: 'manual' }] },
    {
      name: 'an AMI release under another name in a .tfvars no node group of the paths reads (a Terragrunt unit\'s): reported by its form',
      filename: 'env/dev_config.tfvars',
      code: 'eks_node_ami_version = "1.32.3-20250506" # Knoten ✓\nrelease_train        = "2025-06"\n',
      output: null,
      errors: [{ messageId: 'release', line: 1, message: /eks_node_ami_version 1\.32\.3-20250506 .*1\.33/ }],
    },
    {
      name: 'an AMI release in a .tfvars environment, read by a module\'s node group: reported at the .tfvars line',
      filename: 'env/prod.tfvars',
      code: 'node_build = "1.32.3-20250506"\n',
      files: {
        '../main.tf': 'variable "node_build" {}\nmodule "c" {\n  source = "./c"\n  rel = var.node_build\n}\n',
        '../c/main.tf': 'variable "rel" {}\nresource "aws_eks_cluster" "x" {\n  version = "1.32"\n}\nresource "aws_eks_node_group" "n" {\n  ami_type = "AL2023_x86_64_STANDARD"\n  release_version = var.rel\n}\n',
      },
      output: null,
      errors: [{ messageId: 'release', line: 1, message: /node_build \(release_version of aws_eks_node_group\.n\)/ }],
    },
    {
      name: 'release_version names the ssm command for its AMI type',
      filename: 'main.tf',
      code: 'resource "aws_eks_node_group" "n" {\n  ami_type        = "AL2023_ARM_64_STANDARD"\n  release_version = "1.32.3-20250506"\n}\n',
      output: null,
      errors: [{ messageId: 'release', message: /aws ssm get-parameter --name \/aws\/service\/eks\/optimized-ami\/1\.33\/amazon-linux-2023\/arm64\/standard\/recommended\/release_version/ }],
    },
  ],
});

new RuleTester({ options: { target: '1.36', today: '2026-11-30' } }).run('node-ami-version: a cluster hops before it reaches the target', rule, {
  valid: [
    {
      name: 'an AL2023 image of the 1.32 cluster waits for its hops (cluster-version names them)',
      filename: 'main.tf',
      code: `resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\n${ssm('1.32')}`,
    },
  ],
  invalid: [
    {
      name: 'an AL2 image beside a 1.32 cluster is reported at any target past 1.32 (no hop reaches the target with it)',
      filename: 'main.tf',
      code: `resource "aws_eks_cluster" "c" {\n  version = "1.32"\n}\n${ssm('1.29', 'amazon-linux-2-arm64')}`,
      output: null,
      errors: [{ messageId: 'noAl2', severity: 'manual', line: 5, message: /Amazon Linux 2 AMI: EKS publishes none for 1\.36/ }],
    },
    {
      name: 'eksctl: an AmazonLinux2 AMI name filter in a 1.32 ClusterConfig',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "1.32"\nnodeGroups:\n  - name: ng\n    ami: ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id # Knoten ✓\n',
      output: null,
      errors: [{ messageId: 'noAl2', severity: 'manual', line: 9 }],
    },
  ],
});
