module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 18.0"
  cluster_version = local.cluster_version

  self_managed_node_groups = {
    default = {
      # 1.23: removing containerd here would switch the nodes back to dockerd
      bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
    }
  }
}
