module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = var.cluster_version

  self_managed_node_groups = {
    # 1.25: seccompDefault needs a feature gate before 1.25 and is left until the cluster runs 1.26
    a = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'" }
  }
}
