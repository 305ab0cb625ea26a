# The cluster version comes from a variable: eks-migrate bumps it where it is written (variables.tf).
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "shop"
  cluster_version = var.cluster_version

  self_managed_node_groups = {
    workers = {
      instance_type        = "m6i.large"
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=58 --seccomp-default --kube-api-qps=50 --kube-api-burst=100'"
    }
  }
}
