/** The journey's step after a blue/green AL2023 move: the drained AL2 group and the note beside its replacement go. */
import { RuleTester } from '../../test/helpers/rule-tester';
import { cleanup } from './cleanup';

const ng = (name: string, type: string) => `resource "aws_eks_node_group" "${name}" {\n  node_group_name = "${name.replace('_', '-')}"\n  ami_type        = "${type}"\n}\n`;
const NOTE = '# AL2023 replacement of aws_eks_node_group.web (eks-migrate al2023-nodes): apply, drain web, then delete web in a later change\n';

new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('al2023-nodes cleanup (journey step)', cleanup, {
  valid: [
    { name: 'an AL2 group without a replacement stays', filename: 'main.tf', code: ng('web', 'AL2_x86_64') },
  ],
  invalid: [
    {
      name: 'a resource and the note above its replacement (CRLF, non-ASCII comment kept)',
      filename: 'main.tf',
      code: `# Knoten – Produktion\r\n${ng('web', 'AL2_x86_64')}\n${NOTE}${ng('web_al2023', 'AL2023_x86_64_STANDARD')}`.replace(/(?<!\r)\n/g, '\r\n'),
      output: `# Knoten – Produktion\r\n${ng('web_al2023', 'AL2023_x86_64_STANDARD')}`.replace(/(?<!\r)\n/g, '\r\n'),
      errors: [{ messageId: 'removed', line: 2 }, { messageId: 'removed', line: 7 }],
    },
    {
      name: 'an entry of a terraform-aws-eks map',
      filename: 'main.tf',
      code: 'module "eks" {\n  eks_managed_node_groups = {\n    a = {\n      ami_type = "AL2023_x86_64_STANDARD"\n    }\n\n    web = {\n      ami_type = "AL2_x86_64"\n    }\n\n    # AL2023 replacement of web (eks-migrate al2023-nodes): apply, drain web, then delete it\n    web_al2023 = {\n      ami_type = "AL2023_x86_64_STANDARD"\n    }\n  }\n}\n',
      output: 'module "eks" {\n  eks_managed_node_groups = {\n    a = {\n      ami_type = "AL2023_x86_64_STANDARD"\n    }\n\n    web_al2023 = {\n      ami_type = "AL2023_x86_64_STANDARD"\n    }\n  }\n}\n',
      errors: [{ messageId: 'removed', line: 7 }, { messageId: 'removed', line: 11 }],
    },
    {
      name: 'an eksctl group beside its -al2023 replacement',
      filename: 'cluster.yaml',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\nmanagedNodeGroups:\n  - name: web\n    amiFamily: AmazonLinux2\n  - name: web-al2023\n    amiFamily: AmazonLinux2023\n',
      output: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\nmanagedNodeGroups:\n  - name: web-al2023\n    amiFamily: AmazonLinux2023\n',
      errors: [{ messageId: 'removed', line: 7 }],
    },
  ],
});
