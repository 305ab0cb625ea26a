module "x" {
  source = "terraform-aws-modules/eks/aws"
  # コメント: 日本語のコメント
  bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
  self_managed_node_groups = {
    a = {
      bootstrap_extra_args = "--container-runtime containerd"
    }
  }
  user_data = <<-EOT
    /etc/eks/bootstrap.sh x \
      --container-runtime containerd \
      --kubelet-extra-args "--v=2"
  EOT
}
