locals {
  name            = "prod"
  cluster_version = "1.26"
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = local.cluster_version
}

module "managed_group" {
  source          = "terraform-aws-modules/eks/aws//modules/eks-managed-node-group"
  cluster_version = module.eks.cluster_version
}
