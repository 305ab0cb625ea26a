/**
 * al2023-nodes: Amazon Linux 2 node groups → AL2023, bootstrap.sh user data → nodeadm NodeConfig; blue/green where
 * AWS requires it, in place where AWS documents it. See README.md beside this file.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { AL2_END_OF_SUPPORT, eksctlAl2Nodes, hclAl2Nodes, LAST_AL2_MINOR } from '../../src/eks/al2';
import { minorOf } from '../../src/eks/versions';
import { al2Only, convertUserData, firstBootstrapCall, mentionsAl2Bootstrap } from '../../src/eks/nodeadm';
import type { HclNode } from '../../src/parsers/hcl';
import { lineEndOf } from '../../src/util/text';
import { terraform } from './terraform';
import { eksctlTemplate, isYamlTemplate, karpenterTemplate } from './template';
import { yaml } from './yaml';

/** A script or template (user data kept in its own file): what it needs is reported, with the NodeConfig it stands for. */
async function script(ctx: RuleContext) {
  const text = ctx.file.text;
  if (!mentionsAl2Bootstrap(text)) return;
  const notes = al2Only(text);
  for (const n of notes) ctx.report({ range: [n.at ?? 0, n.end ?? n.at ?? 0], severity: n.level === 'manual' ? 'manual' : 'warning', messageId: 'note', data: { note: n.text } });
  const at = firstBootstrapCall(text);
  if (at === undefined) return;
  const c = convertUserData(text, { templated: true, clusterFields: true });
  const nc = c.nodeConfig as { spec?: unknown } | undefined;
  const line: [number, number] = [at, Math.max(at, lineEndOf(text, at) - 1)];
  ctx.report({
    range: line, severity: 'manual', messageId: 'script',
    data: { equivalent: nc ? ` NodeConfig equivalent of this call: spec: ${JSON.stringify(nc.spec)}` : '' },
  });
  // a template a launch template with its own image renders (custom AMI, self-managed): nodeadm needs the four
  // cluster fields, and a template that does not receive them cannot write them
  const lts = (await ctx.versions.estate()).templateLaunchTemplates(ctx.file.absPath).filter((l) => l.image);
  const missing = c.notes.find((n) => n.level === 'manual' && /nodeadm needs the cluster's name/.test(n.text));
  if (lts.length && missing) {
    // the note names the bootstrap options the call lacks
    const lacks = [['--apiserver-endpoint', 'the API server endpoint (aws_eks_cluster.…endpoint)'], ['--b64-cluster-ca', 'the CA (aws_eks_cluster.…certificate_authority[0].data)'], ['--service-ipv4-cidr', 'the service CIDR (aws_eks_cluster.…kubernetes_network_config[0].service_ipv4_cidr)'], ['the cluster name', 'the cluster name']]
      .filter(([k]) => missing.text.slice(missing.text.indexOf('has no')).includes(k)).map(([, d]) => d);
    ctx.report({ range: line, severity: 'manual', messageId: 'templateClusterFields', data: { lts: lts.map((l) => `aws_launch_template.${l.name} (${path.relative(path.dirname(ctx.file.absPath), l.file) || path.basename(l.file)})`).join(', '), lacks: lacks.join(', ') } });
  }
}

const rule: RuleModule = {
  meta: {
    id: 'al2023-nodes',
    title: 'Move Amazon Linux 2 node groups to AL2023 (nodeadm NodeConfig)',
    description:
      'AL2 node groups cannot run 1.33: writes an AL2023 managed node group beside each AL2 one on an EKS AMI (blue/green; ' +
      '--al2023 in-place switches it), converts launch templates with an AL2 EKS AMI in place, turns bootstrap.sh user data into ' +
      'a nodeadm NodeConfig in MIME user data, moves terraform-aws-eks bootstrap inputs to cloudinit_pre_nodeadm, adds AmazonLinux2023 ' +
      'eksctl node groups beside AL2 ones, and moves Karpenter EC2NodeClasses to AL2023; what it cannot convert is reported.',
    version: '1.33',
    activeSince: AL2_END_OF_SUPPORT,
    fixable: true,
    docs: 'transforms/al2023-nodes/README.md',
    triggers: {
      hcl: ['AL2_', 'amazon-linux-2', 'amazon-eks-node-', 'amazon-eks-arm64-node-', 'amazon-eks-gpu-node-', 'vpc-cni', 'self_managed_node_groups', 'eks_managed_node_groups', 'aws_eks_node_group', 'data.aws_ssm_parameter.', 'data.aws_ami.', 'bootstrap.sh', 'EC2NodeClass', 'AWSNodeTemplate', 'required_providers'],
      yaml: ['AmazonLinux2', 'EC2NodeClass', 'AWSNodeTemplate', 'nodeGroups', 'NodeGroups'],
      // templates (Helm, gomplate, templatefile) are read as text
      text: ['bootstrap.sh', 'KUBELET_EXTRA_ARGS', 'kubelet-config.json', 'EC2NodeClass', 'AWSNodeTemplate', 'AmazonLinux2'],
    },
    kinds: ['hcl', 'yaml', 'text'],
    messages: {
      note: '{{note}}',
      pastSupport: `{{what}} runs Amazon Linux 2, which reached its end of support on ${AL2_END_OF_SUPPORT} (no security updates since; EKS publishes no AL2 AMI after 1.32): move it to AL2023 now (eks-migrate --al2023 in-place or --al2023 blue-green writes the AL2023 node group at this target; --target 1.33 does it with the hop)`,
      blueGreen: '{{group}} runs AL2, which has no EKS AMI after 1.32: wrote {{replacement}} beside it on {{type}}{{lt}} (blue/green: AWS does not switch a managed node group on an EKS AMI to AL2023 in place). EKS bootstraps its nodes and injects the cluster fields',
      drainOld: 'AL2 node group {{group}} stays until its pods have moved to {{replacement}}: apply, then drain its nodes (kubectl cordon and kubectl drain --ignore-daemonsets --delete-emptydir-data on nodes labelled {{nodes}}), then delete this resource in a later change; the cluster can go past 1.32 once no AL2 group is left',
      inPlaceReplaces: '{{group}}: ami_type forces a new resource, so Terraform replaces the node group (destroy, then create) when it switches to {{type}}: its nodes go down together unless you scale another group first (the default, without --al2023 in-place, writes a new group beside it instead)',
      switchedInPlace: '{{group}} switched in place from {{from}} to {{type}} (--al2023 in-place); its user data is AL2023 user data now',
      ltElsewhere: 'node group {{group}} uses aws_launch_template.{{lt}}, which is not in this file: move both to AL2023 by hand (a new group on AL2023 beside this one, its launch template user data as a NodeConfig)',
      neuron: '{{group}} runs Inferentia / Trainium instances: AL2023_x86_64_NEURON is the AL2023 AMI type for them (not NVIDIA); check the Neuron driver setup',
      customInPlace: '{{lt}} names an AL2 EKS AMI ({{image}}): moved to the AL2023 image and its user data to a nodeadm NodeConfig in place, as AWS documents for a custom AMI (the group rolls its nodes to the new launch template version)',
      customInPlaceSplit: '{{lt}} takes an AL2 EKS AMI ({{image}}) from {{source}} in {{file}}: its user data moved to a nodeadm NodeConfig in place (the cluster name, endpoint, CA and service CIDR that a custom AMI needs), and {{source}} moves to the AL2023 image in the same run, as AWS documents for a custom AMI; the group rolls its nodes to the new launch template version',
      imageMoved: '{{source}} ({{image}}) moved to the AL2023 image: the launch templates that take it ({{lts}}) get their user data as a nodeadm NodeConfig in the same run; apply both files together',
      imageShared: '{{lt}} takes its image from {{source}} in {{file}}, which other launch templates share and at least one of them cannot move to AL2023 here (see the findings there): the image and this user data stay AL2; move them together by hand',
      customNoBootstrap: 'aws_launch_template.{{lt}} takes an AL2 EKS AMI but its user data calls no bootstrap.sh eks-migrate can read: on AL2023 the node needs a NodeConfig with the cluster name, API endpoint, CA and service CIDR (application/node.eks.aws part); write it, and move the image to the AL2023 one',
      userDataNotLiteral: 'aws_launch_template.{{lt}} user data is not a literal string eks-migrate can read (a file, template or local): on AL2023 it must not call /etc/eks/bootstrap.sh (a stub that exits 1); convert its bootstrap call to a NodeConfig (eks-migrate explain al2023-nodes)',
      userDataDirectives: 'aws_launch_template.{{lt}} user data holds template directives (%{ … }): on AL2023 (AL2 has no EKS AMI after 1.32) it must not call /etc/eks/bootstrap.sh; convert its bootstrap call to a NodeConfig by hand (eks-migrate explain al2023-nodes)',
      cloudinitBlueGreen: '{{group}} runs AL2 and its launch template takes its user data from data.cloudinit_config.{{name}}, whose bootstrap.sh call needs a NodeConfig: write the AL2023 group beside it with a copy of the launch template and of data.cloudinit_config.{{name}} (bootstrap call → application/node.eks.aws part), or run with --al2023 in-place',
      cloudinitGzip: 'data.cloudinit_config.{{name}} is gzipped: nodeadm reads the NodeConfig parts from the user data itself; check that your AMI\'s nodeadm reads gzipped MIME, or set gzip = false',
      amiTypeIndirect: '{{what}} takes ami_type from {{ref}}, which is {{type}} here: AL2 has no EKS AMI after 1.32; write an AL2023 group beside this one (ami_type {{al2023}}) and drain this one, then change {{ref}} once no AL2 group uses it',
      unsetAmiType: '{{group}} sets no ami_type: EKS chose it when the group was created (AL2_x86_64 for groups created before Kubernetes 1.30), and a group keeps it; check with `aws eks describe-nodegroup --query nodegroup.amiType`, and if it is AL2, give it an AL2023 replacement (ami_type = "AL2023_x86_64_STANDARD") before 1.33 (the cluster is at {{version}})',
      blueGreenEntry: '{{entry}} runs AL2, which has no EKS AMI after 1.32: wrote {{replacement}} beside it on {{type}}, its bootstrap inputs as cloudinit_pre_nodeadm parts (blue/green: AWS does not switch a managed node group on an EKS AMI in place)',
      drainOldEntry: 'AL2 node group {{entry}} stays until its pods have moved to {{replacement}}: apply, drain its nodes (kubectl cordon, kubectl drain), then delete this entry in a later change; the cluster can go past 1.32 once no AL2 group is left',
      nowEffective: 'bootstrap_extra_args of {{entry}} had no effect on AL2 (EKS bootstraps a managed group on its own AMI, and terraform-aws-eks passes it only with a custom AMI); in {{replacement}}\'s NodeConfig it takes effect now: check you want it',
      bootstrapImageUnknown: '{{where}} calls /etc/eks/bootstrap.sh, which AL2 EKS AMIs have and AL2023 AMIs do not (a stub that exits 1), and eks-migrate cannot see which image runs it (it comes from a variable, another module or a remote value): if it is AL2 (no EKS AMI after 1.32), move the image to AL2023 and write this call as a nodeadm NodeConfig in the same change (eks-migrate explain al2023-nodes)',
      al2Literal: '{{what}} names Amazon Linux 2 ({{value}}), which has no EKS AMI after 1.32, and eks-migrate cannot follow it to the node groups it feeds (a module it does not model, a variable default, a value nothing here reads): move those node groups to AL2023 (ami_type AL2023_*, amazon-linux-2023 images, user data as a nodeadm NodeConfig) and change this value with them',
      al2Value: 'this value makes {{whats}} run Amazon Linux 2 ({{why}}), which has no EKS AMI after 1.32: change it to its AL2023 form (ami_type AL2023_*, the amazon-linux-2023 image path) once every node group that reads it can move in place (a name prefix and create_before_destroy, no AL2 bootstrap user data), or give those groups AL2023 replacements first',
      defaultsCreatedFirst: '{{what}} switched in place to {{type}}: the managed groups that take it ({{groups}}) have no AL2 bootstrap inputs, and terraform-aws-eks{{major}} gives each a name prefix and create_before_destroy, so Terraform creates each AL2023 group before it destroys its AL2 one (EKS drains the old nodes). The groups are replaced, not updated; --al2023 blue-green leaves the default and reports it',
      entryCreatedFirst: '{{entry}} switched in place to {{type}}, its bootstrap inputs moved to cloudinit_pre_nodeadm: terraform-aws-eks{{major}} gives the node group a name prefix and create_before_destroy, so Terraform creates the AL2023 group before it destroys the AL2 one (EKS drains the old nodes as it deletes the group). The group is replaced, not updated: pods reschedule once; --al2023 blue-green writes a copy beside it instead',
      groupCreatedFirst: '{{group}} switched in place from {{from}} to {{type}}: it has a generated name (node_group_name_prefix) and create_before_destroy, so Terraform creates the AL2023 group before it destroys the AL2 one (EKS drains the old nodes as it deletes the group). The group is replaced, not updated; --al2023 blue-green writes a copy beside it instead',
      replacedCreatedFirst: '{{group}}: changing ami_type makes Terraform replace the node group; its name prefix and create_before_destroy make Terraform create the new group before it destroys the old one',
      inPlaceReplacesEntry: '{{entry}}: changing ami_type makes Terraform replace the managed node group (destroy, then create)',
      entryInPlace: '{{entry}} switched in place to {{type}}, its bootstrap inputs moved to cloudinit_pre_nodeadm (--al2023 in-place)',
      selfManagedInPlace: '{{entry}} moved to {{type}} in place (a self-managed group rolls its instances with the launch template), its bootstrap inputs moved to cloudinit_pre_nodeadm: terraform-aws-eks ignores bootstrap_extra_args and pre/post_bootstrap_user_data for AL2023',
      selfManagedOldModule: '{{entry}} has no ami_type, so terraform-aws-eks v{{major}} runs it on AL2 (no EKS AMI after 1.32); AL2023 needs the module at v20.5 or later (ami_type = "AL2023_…", bootstrap inputs as cloudinit_pre_nodeadm): upgrade the module first, or pin ami_type and an AL2023 ami_id by hand',
      selfManagedDefault: '{{entry}} has no ami_type, so terraform-aws-eks runs it on AL2 (the module\'s default up to v20): set ami_type = "AL2023_x86_64_STANDARD" (or the ARM type) and move its bootstrap inputs to cloudinit_pre_nodeadm',
      moduleTooOld: '{{entry}} runs AL2, which has no EKS AMI after 1.32, and the terraform-aws-eks version this module pins cannot write AL2023 node groups (ami_type AL2023_* with cloudinit_pre_nodeadm came in v20.5.0): upgrade the module to v20.5 or later first, then run eks-migrate again',
      moduleCustomAmi: '{{entry}} runs a custom AL2 AMI (ami_id): build or pick an AL2023 image, set ami_type to the AL2023 type, and move its bootstrap inputs to cloudinit_pre_nodeadm (the module writes the cluster NodeConfig)',
      postBootstrap: 'post_bootstrap_user_data has no AL2023 equivalent in terraform-aws-eks for this group (cloudinit_post_nodeadm runs only with enable_bootstrap_user_data): move its steps to cloudinit_pre_nodeadm or a systemd unit by hand',
      hasPreNodeadm: 'this entry has both AL2 bootstrap inputs and cloudinit_pre_nodeadm: merge them by hand',
      inputNotLiteral: '{{input}} is not a literal string: move it to cloudinit_pre_nodeadm by hand',
      eksctlNew: '{{list}}[{{name}}] runs AmazonLinux2, which eksctl refuses from 1.33: wrote {{replacement}} beside it on AmazonLinux2023 (eksctl cannot change a node group\'s AMI family)',
      eksctlDrain: 'AL2 node group {{list}}[{{name}}] stays until drained: create the new group ({{create}}), then drain and delete this one ({{delete}}; it drains first), then remove this entry in a later change; metadata.version can go past 1.32 once no AL2 group is left',
      eksctlAnchors: '{{list}}[{{name}}] runs AmazonLinux2 (eksctl reads YAML merge keys), which eksctl refuses from 1.33, and it uses YAML anchors, aliases or merge keys (`&name`, `*name`, `<<:`), so a copy of its text would not mean the same: add {{replacement}} with amiFamily: AmazonLinux2023 beside it by hand (its own keys, not merged from an AL2 anchor), then drain and delete this one',
      eksctlCopyInvalid: '{{list}}[{{name}}] runs AmazonLinux2, which eksctl refuses from 1.33, and its AmazonLinux2023 copy would not pass eksctl\'s schema check ({{errors}}), so eks-migrate does not write it: add a new AmazonLinux2023 node group beside it by hand, then drain and delete this one',
      eksctlNotWritten: '{{list}}[{{name}}] runs AmazonLinux2, which eksctl refuses from 1.33, and eks-migrate cannot write its AmazonLinux2023 replacement (see the findings beside this one): add a new AmazonLinux2023 node group beside it by hand, then drain and delete this one',
      moduleDefaults: '{{what}} sets ami_type {{type}}: every node group of the map without its own ami_type runs AL2, which has no EKS AMI after 1.32; give those groups AL2023 replacements (ami_type {{al2023}}, bootstrap inputs as cloudinit_pre_nodeadm) and move the default once no AL2 group relies on it',
      tfvars: '{{what}} in {{file}} names Amazon Linux 2, which has no EKS AMI after 1.32: the node groups that take this value run AL2; give them AL2023 replacements and change this value once no AL2 group uses it (the cluster version stays at 1.32 until then)',
      terragrunt: '{{what}} in Terragrunt inputs runs Amazon Linux 2, which has no EKS AMI after 1.32: eks-migrate writes AL2023 replacements in module blocks only; beside this entry add an AL2023 one (ami_type AL2023_*, bootstrap inputs as cloudinit_pre_nodeadm, terraform-aws-eks v20.5 or later), apply, drain this one and delete it in a later change',
      imageElsewhere: '{{lt}} takes its image from {{source}} in {{file}}, an Amazon Linux 2 EKS AMI (none after 1.32): the image and this user data move to AL2023 together, and this user data cannot be written as a NodeConfig here (see the findings beside this one): write the NodeConfig by hand and switch {{source}} to the AL2023 path or name filter in the same change',
      imds: '{{lt}} moves to AL2023, whose AMIs require IMDSv2 (http_tokens is {{tokens}}, hop limit {{hops}}): tools and pods that use IMDSv1 fail there; set http_tokens = "required", and http_put_response_hop_limit = 2 where pods call IMDS (self-managed nodes)',
      vpcCni: 'VPC CNI {{version}}: AL2023 nodes need the VPC CNI 1.16.2 or later; upgrade the add-on before the AL2023 node groups join',
      awsProvider: 'hashicorp/aws {{constraint}}{{part}} cannot reach {{release}}, the first hashicorp/aws release whose aws_eks_node_group accepts the AL2023 ami_type values (AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD): terraform plan rejects the AL2023 node groups with this provider; allow {{release}} or later (e.g. ">= {{release}}"; a 4.x to 5.x move has its own upgrade guide) and run terraform init -upgrade',
      eksctlUnsetFamily: '{{groups}}: no amiFamily; eksctl before 0.219.0 (0.209.0 for 1.33 and later) created such node groups on AmazonLinux2, and a node group keeps its AMI family: check with `eksctl get nodegroup` (or the AMI type in the EKS console), and give an AL2 one an AmazonLinux2023 replacement before 1.33',
      eksctlAmi: '{{name}} runs the AL2 image {{ami}}: {{replacement}} does not reuse it (eksctl picks the EKS AL2023 AMI); for a custom image, build it on AL2023, set ami: and give the NodeConfig the cluster fields',
      eksctlOverrideForm: 'overrideBootstrapCommand of {{name}} is not a block (|) eks-migrate can convert: on AmazonLinux2023 it must be NodeConfig YAML',
      eksctlShellSteps: 'overrideBootstrapCommand of {{name}} has shell steps besides bootstrap.sh: on AmazonLinux2023 it must be NodeConfig YAML; move the steps to preBootstrapCommands and write the rest as a NodeConfig by hand',
      karpenter: 'EC2NodeClass {{name}} moved to AL2023 (Karpenter dropped AL2 at 1.33): amiFamily, alias and userData (bootstrap.sh → NodeConfig; Karpenter injects the cluster fields)',
      entryNotWritten: '{{entry}} runs Amazon Linux 2, which has no EKS AMI after 1.32, and eks-migrate cannot move it to AL2023 (see the findings beside this one): write its AL2023 replacement by hand (ami_type AL2023_*, bootstrap inputs as cloudinit_pre_nodeadm), then drain and delete this one',
      karpenterNotConverted: 'EC2NodeClass {{name}} stays on AL2, which Karpenter dropped at 1.33: its userData cannot be written as a NodeConfig (see the findings beside this one); write it by hand and set the alias (or amiFamily) to AL2023',
      karpenterBeta: 'EC2NodeClass {{name}} (karpenter.k8s.aws/v1beta1) moves to amiFamily AL2023, which Karpenter accepts from v0.35.0: check the controller is at v0.35.0 or later (the karpenter.k8s.aws/v1 move can follow on its own)',
      karpenterV1: '{{kind}} {{name}} ({{api}}) runs AL2: move it to karpenter.k8s.aws/v1 EC2NodeClass first (Karpenter v1 migration), then to AL2023',
      karpenterDated: 'EC2NodeClass {{name}} pins the AL2 image release {{alias}}, and Karpenter dropped AL2 at 1.33: pin an AL2023 release instead (alias: al2023@v…, amiFamily AL2023 where it is set) once you have tested it with what the pin held back, or take alias: al2023@latest; a release has images only for the Kubernetes versions EKS supported when it was built, so pick one that has {{version}} images: list them with {{commands}}',
      karpenterDefaultAl2: 'AWSNodeTemplate {{name}} ({{api}}) sets no amiFamily, so its nodes run AL2 (Karpenter\'s default), which Karpenter dropped at 1.33: move it to a karpenter.k8s.aws/v1 EC2NodeClass with amiSelectorTerms: [{alias: al2023@latest}] (the Karpenter v1 migration; its Provisioners become NodePools), then let Karpenter replace the AL2 nodes',
      karpenterTemplate: 'EC2NodeClass {{name}} moved to AL2023 (Karpenter dropped AL2 at 1.33): its literal amiFamily and alias lines (in a template, templated values are not changed)',
      karpenterTemplateValue: 'EC2NodeClass {{name}} runs AL2 here, and Karpenter dropped AL2 at 1.33, but `{{other}}` is a template value: amiFamily must be the alias\'s family, so set this line and that value (where the values are given) to AL2023 / al2023@… together',
      karpenterTemplateUserData: 'EC2NodeClass {{name}} runs AL2 (Karpenter dropped it at 1.33) and its userData calls bootstrap.sh, which AL2023 does not have; in a template eks-migrate reads only literal lines: write the userData as a NodeConfig part (application/node.eks.aws) and set amiFamily / the alias to AL2023 together',
      eksctlTemplate: '{{list}}[{{name}}] runs AmazonLinux2, which eksctl refuses from 1.33 (a template: eks-migrate reads its literal lines only): eksctl cannot change a node group\'s AMI family, so add a group beside it with amiFamily: AmazonLinux2023 and a new name (overrideBootstrapCommand, if any, as NodeConfig YAML), create it, then drain and delete this one (eksctl delete nodegroup --drain); a cluster made afresh from this template can take AmazonLinux2023 here directly',
      karpenterTerms: 'EC2NodeClass {{name}} selects AL2 images by id, name or tags: pick AL2023 images (or the one term alias: al2023@latest) and set amiFamily: AL2023 by hand',
      karpenterUserData: 'EC2NodeClass {{name}} userData is not a block (|) eks-migrate can convert: on AL2023 it must not call bootstrap.sh; write a NodeConfig part',
      templateClusterFields: 'this template is the user data of {{lts}}, which names its own image (a custom AMI or a self-managed node): on AL2023 its NodeConfig needs the cluster\'s name, API server endpoint, CA and service CIDR (nodeadm does not call DescribeCluster), and the template does not receive {{lacks}}: pass them to templatefile() (where the launch template sits in a module, add module inputs and pass them from the caller), write them in the NodeConfig\'s spec.cluster, and move the image to AL2023 in the same change',
      script: 'this AL2 user data calls /etc/eks/bootstrap.sh, which AL2023 does not have (a stub that exits 1): where it feeds an AL2023 node, its settings go in a NodeConfig (application/node.eks.aws MIME part).{{equivalent}}',
    },
  },
  create(ctx) {
    // below 1.33 the rule runs only because AL2 is past its end of support (activeSince): it reports each AL2 node
    // definition, and converts only when --al2023 asks for it
    if ((minorOf(ctx.options.target) ?? Infinity) <= LAST_AL2_MINOR && !ctx.options.al2023) {
      const report = (nodes: ReadonlyArray<{ range: readonly [number, number]; what: string }>) => {
        for (const n of nodes) ctx.report({ range: [n.range[0], n.range[1]], severity: 'warning', messageId: 'pastSupport', data: { what: n.what } });
      };
      return {
        hcl: (root: HclNode) => report(hclAl2Nodes(root, ctx.file.text)),
        yaml: (docs: readonly Document.Parsed[]) => report(docs.flatMap((d) => eksctlAl2Nodes(d, ctx.file.text))),
      };
    }
    return {
      hcl: (root: HclNode) => terraform(ctx, root),
      yaml: (docs: readonly Document.Parsed[]) => yaml(ctx, docs),
      text: async () => {
        await script(ctx);
        // a template that does not parse as YAML (Helm, gomplate, templatefile): its literal lines
        if (isYamlTemplate(ctx)) {
          const src = { text: ctx.file.text, toFile: (i: number) => i };
          karpenterTemplate(ctx, src);
          eksctlTemplate(ctx, src);
        }
      },
    };
  },
};

export default rule;
