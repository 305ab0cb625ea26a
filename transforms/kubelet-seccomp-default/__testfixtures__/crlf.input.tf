module "x" {
  source = "terraform-aws-modules/eks/aws"
  # コメント
  self_managed_node_groups = {
    a = {
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'"
    }
  }
}
