module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 19.0"
  cluster_version = "1.26"

  self_managed_node_group_defaults = {
    bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20 --seccomp-default'"
  }

  self_managed_node_groups = {
    # 既存の kubelet 引数に追加する
    single  = { bootstrap_extra_args = "--kubelet-extra-args '--node-labels=a=b --seccomp-default'" }
    double  = { bootstrap_extra_args = "--use-max-pods false --kubelet-extra-args \"--node-labels=a=b --seccomp-default\"" }
    none    = { bootstrap_extra_args = "--use-max-pods false --kubelet-extra-args '--seccomp-default'" }
    empty   = { bootstrap_extra_args = "--kubelet-extra-args '--seccomp-default'" }
    already = { bootstrap_extra_args = "--kubelet-extra-args '--seccomp-default'" }
    off     = { bootstrap_extra_args = "--kubelet-extra-args '--seccomp-default=false'" }
    bare    = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=30 --seccomp-default'" }
  }

  eks_managed_node_groups = {
    default = {
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'"
    }
    custom_ami = {
      ami_id               = "ami-0123456789"
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20 --seccomp-default'"
    }
    user_data = {
      enable_bootstrap_user_data = true
      bootstrap_extra_args       = "--kubelet-extra-args '--max-pods=20 --seccomp-default'"
    }
    al2023 = {
      ami_type             = "AL2023_x86_64_STANDARD"
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'"
    }
    bottlerocket = {
      ami_type             = "BOTTLEROCKET_x86_64"
      bootstrap_extra_args = <<-EOT
        [settings.kernel]
        lockdown = "integrity"
      EOT
    }
  }
}
