/**
 * Generated EKS configurations for the fuzz run: Terraform (aws_eks_* resources, launch templates with bootstrap.sh
 * user data, SSM AMI parameters, cloudinit_config, terraform-aws-eks module calls), eksctl ClusterConfig, Karpenter
 * EC2NodeClass, Kubernetes manifests and user-data scripts, put together at random from the shapes the rules act on,
 * with comments (non-ASCII too), quoting variants, CRLF, a BOM or no final newline. Each is a [file name, text] pair.
 */
import fc from 'fast-check';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const minor = fc.integer({ min: 26, max: 36 }).map((n) => `1.${n}`);
const name = pick(['api', 'batch', 'workers', 'gpu', 'system', 'spot_a', 'ingest-2', 'blue']);
const comment = pick(['', '# nodes for batch jobs\n', '# Knoten für Stapeljobs ✓\n', '# 作業ノード\n', '// legacy\n', '/* pinned */\n']);

const BOOTSTRAP_FLAGS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['--apiserver-endpoint', ['${endpoint}', 'https://ABC.gr7.us-east-1.eks.amazonaws.com']],
  ['--b64-cluster-ca', ['${ca}', 'LS0tLS1CRUdJTg==']],
  ['--service-ipv4-cidr', ['10.100.0.0/16', '172.20.0.0/16']],
  ['--dns-cluster-ip', ['10.100.0.10', '172.20.0.10']],
  ['--use-max-pods', ['false', 'true']],
  ['--container-runtime', ['containerd', 'dockerd']],
  ['--enable-docker-bridge', ['true']],
  ['--ip-family', ['ipv4', 'ipv6']],
  ['--local-disks', ['raid0']],
  ['--containerd-config-file', ['/etc/eks/containerd/custom.toml']],
  ['--pause-container-account', ['602401143452']],
  ['--cluster-id', ['abc123']],
  ['--aws-api-retry-attempts', ['5']],
];
const KUBELET_FLAGS: readonly string[] = [
  '--max-pods=58', '--max-pods=110', '--node-labels=role=batch,team=data', '--register-with-taints=dedicated=batch:NoSchedule',
  '--kube-reserved=cpu=250m,memory=1Gi', '--system-reserved=cpu=100m', '--eviction-hard=memory.available<100Mi',
  '--feature-gates=SeccompDefault=true,RotateKubeletServerCertificate=true', '--cpu-manager-policy=static', '--kube-api-qps=10',
  '--kube-api-burst=20', '--seccomp-default', '--container-log-max-size=10Mi', '--cloud-config=/etc/kubernetes/cloud.conf',
  '--keep-terminated-pod-volumes', '--pod-infra-container-image=602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.5',
  '--iptables-masquerade-bit=14', '--read-only-port=0', '--image-gc-high-threshold=80', '--cluster-dns=169.254.20.10', '--v=2',
  '--container-runtime=remote', '--feature-gates=KubeletCredentialProviders=true',
];

/** A bootstrap.sh call with some flags; `cluster` is how the cluster name is written. */
const bootstrapCall = (cluster: string) =>
  fc.tuple(fc.subarray([...BOOTSTRAP_FLAGS], { maxLength: 4 }), fc.subarray([...KUBELET_FLAGS], { maxLength: 4 }), pick(["'", '"']), pick(['/etc/eks/bootstrap.sh', 'bash /etc/eks/bootstrap.sh']), fc.nat())
    .map(([flags, kubelet, q, cmd, n]) => {
      const parts = [cmd, cluster, ...flags.map(([f, vs]) => `${f} ${vs[n % vs.length]}`)];
      if (kubelet.length) parts.push(`--kubelet-extra-args ${q}${kubelet.join(' ')}${q}`);
      return parts.join(n % 3 === 0 ? ' \\\n  ' : ' ');
    });

const script = (cluster: string) =>
  fc.tuple(bootstrapCall(cluster), pick(['', 'set -ex\n', 'yum install -y amazon-ssm-agent\n']), pick(['', 'echo done\n', 'systemctl restart kubelet\n']))
    .map(([call, before, after]) => `#!/bin/bash\n${before}${call}\n${after}`);

const ssmPath = fc.tuple(minor, pick(['amazon-linux-2', 'amazon-linux-2-arm64', 'amazon-linux-2-gpu', 'amazon-linux-2023/x86_64/standard', 'bottlerocket/aws-k8s-{v}/x86_64/latest']))
  .map(([v, os]) => (os.startsWith('bottlerocket') ? `/aws/service/${os.replace('{v}', v)}/image_id` : `/aws/service/eks/optimized-ami/${v}/${os}/recommended/image_id`));
const amiType = pick(['AL2_x86_64', 'AL2_ARM_64', 'AL2_x86_64_GPU', 'AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64', 'CUSTOM']);

const hclUserData = fc.oneof(
  // a template directive around the call: each branch is its own script
  script('${var.cluster_name}').map((s) => `base64encode(<<-EOT\n    %{ if var.gpu }\n    nvidia-smi\n    %{ endif }\n${s.replace(/^/gm, '    ')}  EOT\n  )`),
  script('${aws_eks_cluster.this.name}').map((s) => `base64encode(<<-EOT\n${s.replace(/^/gm, '    ')}  EOT\n  )`),
  script('${var.cluster_name}').map((s) => `base64encode(<<EOT\n${s}EOT\n  )`),
  fc.constant('base64encode(templatefile("${path.module}/userdata.sh.tpl", { cluster_name = var.cluster_name }))'),
  fc.constant('data.cloudinit_config.nodes.rendered'),
  fc.constant('filebase64("${path.module}/userdata.sh")'),
);

const tfCluster = fc.tuple(minor, pick(['literal', 'var'])).map(([v, how]) =>
  how === 'var'
    ? `variable "cluster_version" {\n  type    = string\n  default = "${v}"\n}\n\nresource "aws_eks_cluster" "this" {\n  name     = var.cluster_name\n  version  = var.cluster_version\n  role_arn = aws_iam_role.cluster.arn\n  vpc_config {\n    subnet_ids = var.subnets\n  }\n}\n`
    : `resource "aws_eks_cluster" "this" {\n  name     = "prod"\n  version  = "${v}"\n  role_arn = aws_iam_role.cluster.arn\n  vpc_config {\n    subnet_ids = var.subnets\n  }\n}\n`);

const tfNodeGroup = fc.tuple(name, amiType, fc.boolean(), fc.nat(3), comment, minor).map(([n, t, lt, ver, c, v]) =>
  `${c}resource "aws_eks_node_group" "${n}" {\n  cluster_name    = aws_eks_cluster.this.name\n  node_group_name = "${n}"\n  node_role_arn   = aws_iam_role.node.arn\n  subnet_ids      = var.subnets\n${t === 'CUSTOM' ? '' : `  ami_type        = "${t}"\n`}${ver === 1 ? '  version         = aws_eks_cluster.this.version\n' : ver === 2 ? `  version         = "${v}"\n  release_version = "${v}.0-20240807"\n` : ''}  scaling_config {\n    desired_size = 2\n    max_size     = 4\n    min_size     = 1\n  }\n${lt || t === 'CUSTOM' ? `  launch_template {\n    id      = aws_launch_template.${n}.id\n    version = aws_launch_template.${n}.latest_version\n  }\n` : ''}}\n`);

const tfLaunchTemplate = fc.tuple(name, pick(['ssm', 'literal', 'none', 'resolve']), hclUserData, comment).map(([n, img, ud, c]) =>
  `${c}resource "aws_launch_template" "${n}" {\n  name_prefix = "${n}-"\n${img === 'ssm' ? '  image_id    = data.aws_ssm_parameter.ami.value\n' : img === 'literal' ? '  image_id    = "ami-0123456789abcdef0"\n' : img === 'resolve' ? '  image_id    = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"\n' : ''}  user_data   = ${ud}\n}\n`);

const tfSsm = ssmPath.map((p) => `data "aws_ssm_parameter" "ami" {\n  name = "${p}"\n}\n`);
const tfCloudinit = script('${var.cluster_name}').map((s) => `data "cloudinit_config" "nodes" {\n  gzip          = false\n  base64_encode = true\n  part {\n    content_type = "text/x-shellscript"\n    content      = <<-EOT\n${s.replace(/^/gm, '      ')}    EOT\n  }\n}\n`);
const tfAddons = fc.tuple(pick(['v1.10.1-eksbuild.38', 'v1.11.4-eksbuild.2', 'v1.9.3-eksbuild.3']), pick(['v1.29.0-eksbuild.1', 'v1.31.2-eksbuild.3']), pick(['v1.15.0-eksbuild.2', 'v1.18.1-eksbuild.1'])).map(([dns, proxy, cni]) =>
  `resource "aws_eks_addon" "coredns" {\n  cluster_name  = aws_eks_cluster.this.name\n  addon_name    = "coredns"\n  addon_version = "${dns}"\n}\n\nresource "aws_eks_addon" "kube_proxy" {\n  cluster_name  = aws_eks_cluster.this.name\n  addon_name    = "kube-proxy"\n  addon_version = "${proxy}"\n}\n\nresource "aws_eks_addon" "vpc_cni" {\n  cluster_name  = aws_eks_cluster.this.name\n  addon_name    = "vpc-cni"\n  addon_version = "${cni}"\n}\n`);

/** bootstrap_extra_args as functions and escapes write it (module entries). */
const extraArgs = fc.tuple(fc.subarray([...KUBELET_FLAGS], { minLength: 1, maxLength: 2 }), fc.boolean(), fc.nat(3)).map(([kubelet, runtime, how]) => {
  const rt = runtime ? '--container-runtime containerd ' : '';
  if (how === 0) return `"${rt}--kubelet-extra-args \\"${kubelet.join(' ')}\\""`;
  if (how === 1) return `format("${rt}--kubelet-extra-args '%s'", join(" ", ${JSON.stringify(kubelet)}))`;
  if (how === 2) return `join(" ", [${runtime ? '"--container-runtime containerd", ' : ''}"--kubelet-extra-args '${kubelet.join(' ')}'"])`;
  return `"${rt}--kubelet-extra-args '${kubelet.join(' ')} --node-labels=env=\${var.env}'"`;
});

const moduleGroup = fc.tuple(name, amiType, fc.subarray([...KUBELET_FLAGS], { maxLength: 2 }), fc.boolean(), fc.boolean(), fc.option(extraArgs, { freq: 2 })).map(([n, t, kubelet, pre, runtime, written]) =>
  `    ${n} = {\n${t === 'CUSTOM' ? '' : `      ami_type       = "${t}"\n`}      instance_types = ["m6i.large"]\n${written ? `      bootstrap_extra_args = ${written}\n` : kubelet.length || runtime ? `      bootstrap_extra_args = "${runtime ? '--container-runtime containerd ' : ''}${kubelet.length ? `--kubelet-extra-args '${kubelet.join(' ')}'` : ''}"\n` : ''}${pre ? '      pre_bootstrap_user_data = <<-EOT\n        echo hello\n      EOT\n' : ''}    }\n`);
const tfModule = fc.tuple(minor, pick(['~> 18.0', '~> 19.21', '20.8.4', '~> 20.0', '21.1.0']), fc.array(moduleGroup, { minLength: 1, maxLength: 2 }), fc.array(moduleGroup, { maxLength: 1 }), fc.boolean())
  .map(([v, mv, managed, self, addons]) =>
    `module "eks" {\n  source          = "terraform-aws-modules/eks/aws"\n  version         = "${mv}"\n  cluster_name    = "prod"\n  ${mv === '21.1.0' ? 'kubernetes_version' : 'cluster_version'} = "${v}"\n\n  eks_managed_node_groups = {\n${managed.join('')}  }\n${self.length ? `\n  self_managed_node_groups = {\n${self.join('')}  }\n` : ''}${addons ? '\n  cluster_addons = {\n    coredns = {\n      addon_version = "v1.11.1-eksbuild.9"\n    }\n    kube-proxy = {\n      most_recent = true\n    }\n  }\n' : ''}}\n`);

const terraform = fc.array(fc.oneof(tfCluster, tfNodeGroup, tfLaunchTemplate, tfSsm, tfCloudinit, tfAddons, tfModule), { minLength: 1, maxLength: 6 }).map((blocks) => blocks.join('\n'));

const yq = (s: string, style: number) => (style === 0 ? s : style === 1 ? `"${s}"` : `'${s}'`);
/** An eksctl node group; `managed`: eksctl's strict loading rejects kubeletExtraConfig there, so it is left out. */
const eksctlGroup = (managed: boolean) => fc.tuple(name, pick(['AmazonLinux2', 'AmazonLinux2023', 'Bottlerocket', '']), fc.boolean(), fc.boolean().map((b) => b && !managed), fc.boolean(), fc.nat(2), fc.nat(3)).chain(([n, fam, override, extra, runtime, style, more]) =>
  (override ? script('prod') : fc.constant('')).map((s) =>
    `  - name: ${yq(n, style)}\n    instanceType: m6i.large\n${fam ? `    amiFamily: ${fam}\n` : ''}${more === 1 ? '    preBootstrapCommands:\n      - "echo \'--container-runtime containerd\' > /tmp/x"\n      - ctr image pull k8s.gcr.io/pause:3.5\n' : ''}${more === 2 && fam === 'Bottlerocket' ? '    bottlerocket:\n      settings:\n        kubernetes:\n          seccomp-default: false\n          kube-api-qps: 10\n          feature-gates:\n            KubeletCredentialProviders: true\n' : ''}${override ? `    ami: ami-0123456789abcdef0\n    overrideBootstrapCommand: |\n${s.replace(/^(?=.)/gm, '      ')}` : ''}${extra ? '    kubeletExtraConfig:\n      kubeAPIQPS: 10\n      featureGates:\n        SeccompDefault: true\n' : ''}${runtime ? '    containerRuntime: containerd\n' : ''}${more === 3 && managed ? '    releaseVersion: 1.32.0-20240807\n' : ''}`));
/** A node group written in flow style, as some generators write them. */
const eksctlFlowGroup = fc.tuple(name, pick(['AmazonLinux2', 'AmazonLinux2023', 'Bottlerocket']), fc.boolean(), fc.boolean()).map(([n, fam, runtime, extra]) =>
  `  - {name: ${n}, instanceType: m6i.large, amiFamily: ${fam}${runtime ? ', containerRuntime: containerd' : ''}${extra ? ', kubeletExtraConfig: {kubeAPIQPS: 10, featureGates: {SeccompDefault: true}}' : ''}}  # flow ✓\n`);
const eksctl = fc.tuple(minor, fc.array(eksctlGroup(true), { minLength: 1, maxLength: 2 }), fc.array(fc.oneof(eksctlGroup(false), eksctlFlowGroup), { maxLength: 2 }), fc.boolean(), fc.nat(2)).map(([v, managed, self, addons, style]) =>
  `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: us-east-1\n  version: ${yq(v, style)}\nmanagedNodeGroups:\n${managed.join('')}${self.length ? `nodeGroups:\n${self.join('')}` : ''}${addons ? 'addons:\n  - name: vpc-cni\n    version: v1.15.0-eksbuild.2\n  - name: coredns\n    version: latest\n' : ''}`);

// v1: an alias names the family (amiFamily, when set as well, must agree with it)
const ALIAS: Readonly<Record<string, readonly string[]>> = { AL2: ['al2@latest', 'al2@v20240807'], AL2023: ['al2023@latest'], Bottlerocket: ['bottlerocket@latest'] };
const karpenter = fc.tuple(pick(['karpenter.k8s.aws/v1', 'karpenter.k8s.aws/v1beta1']), pick(['AL2', 'AL2023', 'Bottlerocket']), fc.boolean(), fc.nat(3), fc.boolean(), fc.boolean()).chain(([api, fam, withFamily, a, withAlias, ud]) =>
  (ud ? script('prod') : fc.constant('')).map((s) => {
    const alias = withAlias ? ALIAS[fam][a % ALIAS[fam].length] : '';
    return `apiVersion: ${api}\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n${withFamily || !alias ? `  amiFamily: ${fam}\n` : ''}  role: KarpenterNodeRole-prod\n${alias ? `  amiSelectorTerms:\n    - alias: ${alias}\n` : ''}  subnetSelectorTerms:\n    - tags:\n        karpenter.sh/discovery: prod\n  securityGroupSelectorTerms:\n    - tags:\n        karpenter.sh/discovery: prod\n${ud ? `  userData: |\n${s.replace(/^(?=.)/gm, '    ')}` : ''}`;
  }));

/** The same Deployment as JSON (kubectl get -o json, generated manifests). */
const jsonManifest = fc.tuple(pick(['k8s.gcr.io/pause:3.9', 'registry.k8s.io/pause:3.9']), fc.boolean()).map(([image, seccomp]) =>
  `${JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { annotations: seccomp ? { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } : {} }, spec: { containers: [{ name: 'web', image }] } } } }, null, 2)}\n`);

const manifest = fc.tuple(pick(['k8s.gcr.io/pause:3.9', 'registry.k8s.io/pause:3.9', 'k8s.gcr.io/ingress-nginx/controller:v1.2.0', 'nginx:1.25']), fc.boolean(), fc.boolean(), pick(['flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1', '']), fc.boolean()).map(([image, seccomp, apparmor, fc2, git]) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n${seccomp || apparmor ? `      annotations:\n${seccomp ? '        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n' : ''}${apparmor ? '        container.apparmor.security.beta.kubernetes.io/web: runtime/default\n' : ''}` : ''}    spec:\n      containers:\n        - name: web\n          image: ${image}\n${git ? '      volumes:\n        - name: src\n          gitRepo:\n            repository: https://example.com/x.git\n' : ''}${fc2 ? `---\napiVersion: ${fc2}\nkind: PriorityLevelConfiguration\nmetadata:\n  name: batch\nspec:\n  type: Limited\n  limited:\n    assuredConcurrencyShares: 5\n    limitResponse:\n      type: Reject\n` : ''}`);

/** A systemd drop-in for kubelet (self-built AMIs). */
const dropIn = fc.subarray([...KUBELET_FLAGS], { minLength: 1, maxLength: 4 }).map((flags) =>
  `# kubelet flags (Knoten ✓)\n[Service]\nEnvironment="KUBELET_EXTRA_ARGS=${flags[0]}"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS \\\n    ${flags.join(' \\\n    ')}\n`);

const tfvars = fc.tuple(minor, fc.boolean(), fc.boolean(), amiType).map(([v, version, ssm, t]) =>
  `# production (Produktion)\n${version ? `cluster_version = "${v}"\n` : ''}${ssm ? `node_ami_ssm = "/aws/service/eks/optimized-ami/${v}/amazon-linux-2/recommended/image_id"\n` : ''}ami_type = "${t}"\n`);
const terragrunt = fc.tuple(minor, fc.boolean()).map(([v, local]) =>
  local
    ? `locals {\n  cluster_version = "${v}"\n}\n\ninputs = {\n  cluster_version = local.cluster_version\n  cluster_name    = "prod"\n}\n`
    : `terraform {\n  source = "tfr:///terraform-aws-modules/eks/aws?version=20.8.4"\n}\n\ninputs = {\n  cluster_version = "${v}"\n  eks_managed_node_groups = {\n    default = {\n      ami_type = "AL2_x86_64"\n    }\n  }\n}\n`);

const autoscaler = fc.tuple(minor, fc.nat(3), pick(['registry.k8s.io', 'k8s.gcr.io'])).map(([v, how, host]) =>
  how === 0
    ? `image:\n  repository: ${host}/autoscaling/cluster-autoscaler\n  tag: v${v}.1\nautoDiscovery:\n  clusterName: prod\n`
    : how === 1
      ? `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cluster-autoscaler\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: cluster-autoscaler\n          image: ${host}/autoscaling/cluster-autoscaler:v${v}.0\n          command:\n            - ./cluster-autoscaler\n            - --cloud-provider=aws\n`
      : `apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: external-db\nsubsets:\n  - addresses:\n      - ip: 10.0.0.5\n    ports:\n      - port: 5432\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n  - name: ${host}/pause\n    newTag: "3.9"\n`);

/** A whole file's text in a random dress: CRLF, a BOM, no final newline. */
const dressed = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.boolean(), fc.boolean(), fc.boolean()).map(([t, crlf, bom, cut]) => {
  let s = crlf ? t.replace(/\n/g, '\r\n') : t;
  if (cut) s = s.replace(/\r?\n$/, '');
  return bom ? `\uFEFF${s}` : s;
});

/** One generated file: [name, text]. */
export const generatedFile: fc.Arbitrary<readonly [string, string]> = fc.oneof(
  { weight: 4, arbitrary: dressed(terraform).map((t) => ['main.tf', t] as const) },
  { weight: 2, arbitrary: dressed(eksctl).map((t) => ['cluster.yaml', t] as const) },
  { weight: 1, arbitrary: dressed(karpenter).map((t) => ['nodeclass.yaml', t] as const) },
  { weight: 1, arbitrary: dressed(manifest).map((t) => ['deploy.yaml', t] as const) },
  { weight: 1, arbitrary: script('prod').map((t) => ['userdata.sh', t] as const) },
  { weight: 1, arbitrary: dressed(tfvars).map((t) => ['prod.tfvars', t] as const) },
  { weight: 1, arbitrary: dressed(autoscaler).map((t) => ['values.yaml', t] as const) },
  { weight: 1, arbitrary: dressed(jsonManifest).map((t) => ['deploy.json', t] as const) },
  { weight: 1, arbitrary: dressed(dropIn).map((t) => ['10-kubelet-args.conf', t] as const) },
  { weight: 1, arbitrary: dressed(terragrunt).map((t) => ['terragrunt.hcl', t] as const) },
);
