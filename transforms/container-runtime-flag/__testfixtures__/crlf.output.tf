module "x" {
  source = "terraform-aws-modules/eks/aws"
  # コメント: 日本語のコメント
  bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'"
  self_managed_node_groups = {
    a = {
    }
  }
  user_data = <<-EOT
    /etc/eks/bootstrap.sh x \
      --kubelet-extra-args "--v=2"
  EOT
}
