/**
 * The configuration graph alone, on small trees held in memory: roots, environments, module instances, and every
 * value with the literal it comes from (its file and text) and the way it came.
 */
import * as path from 'path';
import { dataOwner, Graph, type Instance } from './graph';
import { memoryReader } from './reader';
import { type Alts, type Site, scalarText } from './values';

const ROOT = path.join(path.sep, 'graph-test');

async function graphOf(files: Record<string, string>): Promise<Graph> {
  const held = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  return Graph.create([...held.keys()], memoryReader(held), [ROOT], {
    registryOutput: (source, output) => (/terraform-aws-modules\/eks/.test(source) && output === 'cluster_version' ? 'cluster_version' : undefined),
  });
}

/** `file:text` of a literal: where it is and what is written there. */
function where(g: Graph, s: Site | undefined): string {
  if (!s) return '(no literal)';
  return `${path.relative(ROOT, s.file)}:${(g.project.text(s.file) ?? '').slice(s.range[0], s.range[1])}`;
}

/** Each alternative as `value @ file:literal [when …]`. */
function show(g: Graph, alts: Alts | undefined): string[] {
  return (alts ?? []).map((a) => {
    const v = a.val;
    const text = v.kind === 'unknown' ? `unknown (${v.why})` : scalarText(v) ?? v.kind;
    const site = v.kind === 'string' || v.kind === 'number' ? v.site : undefined;
    return `${text}${site ? ` @ ${where(g, site)}` : ''}${a.when.length ? ` [${a.when.join(' & ')}]` : ''}`;
  });
}

const instances = (g: Graph, rootDir: string): Array<{ env: string; tree: Instance[] }> => {
  const root = g.roots().find((r) => r.dir === path.join(ROOT, rootDir));
  if (!root) throw new Error(`no root ${rootDir}: ${g.roots().map((r) => r.dir).join(', ')}`);
  return root.environments.map((env) => ({ env: env.name, tree: g.instance(root, env).tree() }));
};

const attrOf = (inst: Instance, type: string, name: string, attr: string) => inst.resources(type).find((r) => r.name === name)?.attr(attr);

test('a variable default, followed from the resource that reads it; via names the reference', async () => {
  const g = await graphOf({
    'a/main.tf': 'resource "aws_eks_cluster" "c" {\n  version = var.v\n}\n',
    'a/variables.tf': 'variable "v" {\n  default = "1.33"\n}\n',
  });
  const [{ tree }] = instances(g, 'a');
  const alts = attrOf(tree[0], 'aws_eks_cluster', 'c', 'version');
  expect(show(g, alts)).toEqual(['1.33 @ a/variables.tf:1.33']);
  expect(alts![0].via.map((s) => where(g, s))).toEqual(['a/main.tf:var.v']);
});

test('each .tfvars file of an env folder is an environment; auto-loaded files go first and the later wins', async () => {
  const g = await graphOf({
    'r/main.tf': 'resource "aws_eks_cluster" "c" {\n  version = var.v\n  name = var.name\n}\nvariable "v" {}\nvariable "name" { default = "n" }\n',
    'r/terraform.tfvars': 'v = "1.30"\n',
    'r/b.auto.tfvars': 'v = "1.31"\n',
    'r/env/dev.tfvars': 'v = "1.34"\n',
    'r/env/prod.tfvars': 'name = "p"\n',
    'r/env/backend.tfvars': 'bucket = "x"\n',
  });
  const envs = instances(g, 'r');
  expect(envs.map((e) => e.env)).toEqual(['env/dev.tfvars', 'env/prod.tfvars']);
  expect(show(g, attrOf(envs[0].tree[0], 'aws_eks_cluster', 'c', 'version'))).toEqual(['1.34 @ r/env/dev.tfvars:1.34']);
  expect(show(g, attrOf(envs[1].tree[0], 'aws_eks_cluster', 'c', 'version'))).toEqual(['1.31 @ r/b.auto.tfvars:1.31']);
  expect(show(g, attrOf(envs[1].tree[0], 'aws_eks_cluster', 'c', 'name'))).toEqual(['p @ r/env/prod.tfvars:p']);
});

test('two local modules down: the literal is the root default, the way is every argument it passed', async () => {
  const g = await graphOf({
    'w/main.tf': 'module "p" {\n  source = "./modules/p"\n  k8s = var.kv\n}\nvariable "kv" {\n  default = "1.32"\n}\n',
    'w/modules/p/main.tf': 'variable "k8s" {}\nmodule "e" {\n  source = "../e"\n  ver = var.k8s\n}\n',
    'w/modules/e/main.tf': 'variable "ver" {}\nlocals {\n  ami = "AL2_x86_64"\n}\nresource "aws_eks_cluster" "c" {\n  version = var.ver\n}\nresource "aws_eks_node_group" "n" {\n  ami_type = local.ami\n}\n',
  });
  expect(g.roots().map((r) => path.relative(ROOT, r.dir))).toEqual(['w']);
  const [{ tree }] = instances(g, 'w');
  expect(tree.map((i) => i.address)).toEqual(['', 'module.p', 'module.p.module.e']);
  const e = tree[2];
  const v = attrOf(e, 'aws_eks_cluster', 'c', 'version')!;
  expect(show(g, v)).toEqual(['1.32 @ w/main.tf:1.32']);
  expect(v[0].via.map((s) => where(g, s))).toEqual(['w/modules/e/main.tf:var.ver', 'w/modules/p/main.tf:var.k8s', 'w/main.tf:var.kv']);
  expect(show(g, attrOf(e, 'aws_eks_node_group', 'n', 'ami_type'))).toEqual(['AL2_x86_64 @ w/modules/e/main.tf:AL2_x86_64']);
  // the module's files are read by the root that calls it
  expect(g.rootsReading(path.join(ROOT, 'w/modules/e/main.tf')).map((r) => path.relative(ROOT, r.dir))).toEqual(['w']);
});

test('for_each over a map from .tfvars: one instance per key, each.key and each.value from their literals', async () => {
  const g = await graphOf({
    's/main.tf': 'variable "addons" {}\nresource "aws_eks_addon" "a" {\n  for_each = var.addons\n  addon_name = each.key\n  addon_version = each.value\n}\n',
    's/terraform.tfvars': 'addons = {\n  "kube-proxy" = "v1.33.10-eksbuild.13"\n  coredns = "v1.12.4-eksbuild.18"\n}\n',
  });
  const [{ tree }] = instances(g, 's');
  const rs = tree[0].resources('aws_eks_addon');
  expect(rs.map((r) => r.key)).toEqual(['kube-proxy', 'coredns']);
  expect(show(g, rs[0].attr('addon_version'))).toEqual(['v1.33.10-eksbuild.13 @ s/terraform.tfvars:v1.33.10-eksbuild.13']);
  expect(show(g, rs[1].attr('addon_name'))).toEqual(['coredns @ s/terraform.tfvars:coredns']);
});

test('a conditional: one branch where the environment decides it, both (each under its condition) where nothing does', async () => {
  const g = await graphOf({
    'c/main.tf': 'variable "env" {}\nresource "aws_eks_node_group" "n" {\n  ami_type = var.env == "prod" ? "AL2_x86_64" : "AL2023_x86_64_STANDARD"\n}\n',
    'c/env/prod.tfvars': 'env = "prod"\n',
    'c/env/dev.tfvars': 'env = "dev"\n',
    'd/main.tf': 'variable "env" {}\nresource "aws_eks_node_group" "n" {\n  ami_type = var.env == "prod" ? "AL2_x86_64" : "AL2023_x86_64_STANDARD"\n}\n',
  });
  const envs = instances(g, 'c');
  expect(envs.map((e) => [e.env, show(g, attrOf(e.tree[0], 'aws_eks_node_group', 'n', 'ami_type'))])).toEqual([
    ['env/dev.tfvars', ['AL2023_x86_64_STANDARD @ c/main.tf:AL2023_x86_64_STANDARD']],
    ['env/prod.tfvars', ['AL2_x86_64 @ c/main.tf:AL2_x86_64']],
  ]);
  const [{ tree }] = instances(g, 'd');
  expect(show(g, attrOf(tree[0], 'aws_eks_node_group', 'n', 'ami_type'))).toEqual([
    'AL2_x86_64 @ d/main.tf:AL2_x86_64 [var.env == "prod"]',
    'AL2023_x86_64_STANDARD @ d/main.tf:AL2023_x86_64_STANDARD [!(var.env == "prod")]',
  ]);
});

test('a map read by the workspace gives every entry under its condition; lookup, merge, coalesce, try, format', async () => {
  const g = await graphOf({
    'm/main.tf': [
      'locals {',
      '  v = { live = "1.33", test = "1.34" }',
      '  base = { a = "x" }',
      '  merged = merge(local.base, { b = "y" })',
      '}',
      'resource "aws_eks_cluster" "c" {',
      '  version = local.v[terraform.workspace]',
      '  name = lookup(local.merged, "b", "z")',
      '  role_arn = coalesce(null, local.base.a)',
      '  tags = try(local.nope.x, "fallback")',
      '  kubernetes_network_config = format("%s-%s", local.base.a, "k")',
      '}',
    ].join('\n'),
  });
  const [{ tree }] = instances(g, 'm');
  const r = tree[0].resources('aws_eks_cluster')[0];
  expect(show(g, r.attr('version'))).toEqual(['1.33 @ m/main.tf:1.33 [terraform.workspace == "live"]', '1.34 @ m/main.tf:1.34 [terraform.workspace == "test"]']);
  expect(show(g, r.attr('name'))).toEqual(['y @ m/main.tf:y']);
  expect(show(g, r.attr('role_arn'))).toEqual(['x @ m/main.tf:x']);
  expect(show(g, r.attr('tags'))).toEqual(['fallback @ m/main.tf:fallback']);
  expect(show(g, r.attr('kubernetes_network_config'))).toEqual(['x-k']); // built: no single literal decides it
});

test('what cannot be known is unknown with the reason, never a guess', async () => {
  const g = await graphOf({
    'u/main.tf': 'variable "v" {}\ndata "aws_ssm_parameter" "p" {\n  name = "x"\n}\nlocals {\n  a = local.b\n  b = local.a\n}\nresource "aws_eks_cluster" "c" {\n  version = var.v\n  name = data.aws_ssm_parameter.p.value\n  role_arn = local.a\n}\n',
  });
  const [{ tree }] = instances(g, 'u');
  const r = tree[0].resources('aws_eks_cluster')[0];
  expect(show(g, r.attr('version'))).toEqual(['unknown (var.v has no default and no .tfvars file of the root sets it: its value comes at plan time)']);
  const d = r.attr('name')!;
  expect(d[0].val.kind === 'unknown' && d[0].val.data).toMatchObject({ type: 'aws_ssm_parameter', name: 'p', attr: 'value' });
  // the data block's own module instance, for a value passed into another module
  expect(d[0].val.kind === 'unknown' && d[0].val.data && dataOwner(d[0].val.data)).toBe(tree[0]);
  expect(show(g, r.attr('role_arn'))[0]).toMatch(/refers to itself/);
});

test('Terragrunt: a unit with include and read_terragrunt_config; its inputs are its module\'s variables', async () => {
  const g = await graphOf({
    'live/root.hcl': 'inputs = {\n  region = "eu-west-1"\n}\n',
    'live/prod/env.hcl': 'locals {\n  minor = "1.33"\n}\n',
    'live/prod/eks/terragrunt.hcl': [
      'include "root" {',
      '  path = find_in_parent_folders("root.hcl")',
      '}',
      'locals {',
      '  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))',
      '}',
      'terraform {',
      '  source = "../../../modules//eks"',
      '}',
      'inputs = {',
      '  kubernetes_version = local.env.locals.minor',
      '}',
    ].join('\n'),
    'modules/eks/main.tf': 'variable "kubernetes_version" {}\nvariable "region" {}\nresource "aws_eks_cluster" "c" {\n  version = var.kubernetes_version\n  name = var.region\n}\n',
  });
  const roots = g.roots();
  expect(roots.map((r) => [r.kind, path.relative(ROOT, r.dir)])).toEqual([['terragrunt', 'live/prod/eks']]);
  const tree = g.instance(roots[0], roots[0].environments[0]).tree();
  const mod = tree.find((i) => i.dir === path.join(ROOT, 'modules/eks'))!;
  expect(show(g, attrOf(mod, 'aws_eks_cluster', 'c', 'version'))).toEqual(['1.33 @ live/prod/env.hcl:1.33']);
  expect(show(g, attrOf(mod, 'aws_eks_cluster', 'c', 'name'))).toEqual(['eu-west-1 @ live/root.hcl:eu-west-1']);
  expect(g.rootsReading(path.join(ROOT, 'live/prod/env.hcl')).length).toBe(1);
});

test('a module called by a Terraform root and by a Terragrunt unit is read by both', async () => {
  const g = await graphOf({
    'live/prod/eks/terragrunt.hcl': 'terraform {\n  source = "../../../modules//eks"\n}\ninputs = {\n  k8s = "1.35"\n}\n',
    'live/dev/main.tf': 'module "cluster" {\n  source = "../../modules/eks"\n  k8s    = "1.32"\n}\n',
    'modules/eks/main.tf': 'variable "k8s" {}\nresource "aws_eks_cluster" "c" {\n  version = var.k8s\n}\n',
  });
  expect(g.rootsReading(path.join(ROOT, 'modules/eks/main.tf')).map((r) => [r.kind, path.relative(ROOT, r.dir)]).sort()).toEqual([['terraform', 'live/dev'], ['terragrunt', 'live/prod/eks']]);
});

test('templatefile: the template knows who renders it; yamlencode keeps the object and its literals', async () => {
  const g = await graphOf({
    't/main.tf': [
      'resource "aws_launch_template" "lt" {',
      '  user_data = base64encode(templatefile("${path.module}/user.tpl", { max_pods = 29 }))',
      '}',
      'resource "kubectl_manifest" "nc" {',
      '  yaml_body = yamlencode({ kind = "EC2NodeClass", spec = { amiSelectorTerms = [{ alias = "al2@latest" }] } })',
      '}',
    ].join('\n'),
    't/user.tpl': '#!/bin/bash\n/etc/eks/bootstrap.sh x --kubelet-extra-args "--max-pods=${max_pods}"\n',
  });
  const readers = g.templateReaders(path.join(ROOT, 't/user.tpl'));
  expect(readers.map((r) => path.relative(ROOT, r.inst.dir))).toEqual(['t']);
  const y = instances(g, 't')[0].tree[0].resources('kubectl_manifest')[0].attr('yaml_body')!;
  expect(y[0].val.kind === 'object' && y[0].val.encoded).toBe('yaml');
});

test('a module output that hands back an input is followed, a registry module by the table it is given', async () => {
  const g = await graphOf({
    'o/main.tf': [
      'module "eks" {',
      '  source = "terraform-aws-modules/eks/aws"',
      '  cluster_version = "1.32"',
      '}',
      'module "local" {',
      '  source = "./m"',
      '}',
      'resource "aws_eks_node_group" "n" {',
      '  version = module.eks.cluster_version',
      '  release_version = module.local.release',
      '}',
    ].join('\n'),
    'o/m/main.tf': 'output "release" {\n  value = "1.32.1-20250101"\n}\n',
  });
  const [{ tree }] = instances(g, 'o');
  expect(show(g, attrOf(tree[0], 'aws_eks_node_group', 'n', 'version'))).toEqual(['1.32 @ o/main.tf:1.32']);
  expect(show(g, attrOf(tree[0], 'aws_eks_node_group', 'n', 'release_version'))).toEqual(['1.32.1-20250101 @ o/m/main.tf:1.32.1-20250101']);
});

test('for expressions over a known map: keys and values keep their literals; a condition filters', async () => {
  const g = await graphOf({
    'f/main.tf': [
      'variable "pins" {',
      '  default = { kube-proxy = "v1.33.10-eksbuild.13", coredns = "v1.12.4-eksbuild.18" }',
      '}',
      'module "eks" {',
      '  source = "terraform-aws-modules/eks/aws"',
      '  cluster_addons = { for name, pin in var.pins : name => { addon_version = pin } if name != "coredns" }',
      '  tags = [for k, v in var.pins : k]',
      '}',
    ].join('\n'),
  });
  const [{ tree }] = instances(g, 'f');
  const call = tree[0].registryCalls()[0];
  const addons = call.arg('cluster_addons')!;
  expect(addons[0].val.kind === 'object' && [...addons[0].val.fields.keys()]).toEqual(['kube-proxy']);
  const kp = addons[0].val.kind === 'object' ? addons[0].val.fields.get('kube-proxy')! : [];
  const v = kp[0].val.kind === 'object' ? kp[0].val.fields.get('addon_version') : undefined;
  expect(show(g, v)).toEqual(['v1.33.10-eksbuild.13 @ f/main.tf:v1.33.10-eksbuild.13']);
  const tags = call.arg('tags')!;
  expect(tags[0].val.kind === 'tuple' && tags[0].val.items.map((i) => show(g, i)[0])).toEqual(['kube-proxy @ f/main.tf:kube-proxy', 'coredns @ f/main.tf:coredns']);
});

test('Terragrunt read_tfvars_file: the values of a .tfvars file, each from its line', async () => {
  const g = await graphOf({
    'env/prod_config.tfvars': 'eks_version = "1.33"\n',
    'env/prod/eks/terragrunt.hcl': 'locals {\n  config = jsondecode(read_tfvars_file("../../prod_config.tfvars"))\n}\nterraform {\n  source = "../../../mod"\n}\ninputs = merge(local.config, { x = 1 })\n',
    'mod/main.tf': 'variable "eks_version" {}\nresource "aws_eks_cluster" "c" {\n  version = var.eks_version\n}\n',
  });
  const root = g.roots()[0];
  const mod = g.instance(root, root.environments[0]).tree().find((i) => i.dir === path.join(ROOT, 'mod'))!;
  expect(show(g, attrOf(mod, 'aws_eks_cluster', 'c', 'version'))).toEqual(['1.33 @ env/prod_config.tfvars:1.33']);
});
