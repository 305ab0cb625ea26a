module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "shop"
  cluster_version = "1.32"

  eks_managed_node_groups = {
    "general" = {
      name            = "general"
      use_name_prefix = false # runbooks use the exact name
      ami_type       = "AL2_x86_64"
      instance_types = ["m6i.large"]
      min_size       = 1
      max_size       = 3
      desired_size   = 1

      # kept from the AL2 days — ça marche
      pre_bootstrap_user_data = "echo 'vm.max_map_count=262144' >> /etc/sysctl.conf"
      bootstrap_extra_args    = "--kubelet-extra-args '--max-pods=50'"
    }
  }

  self_managed_node_groups = {
    edge = {
      ami_type      = "AL2_ARM_64"
      instance_type = "t4g.medium"

      bootstrap_extra_args = "--kubelet-extra-args '--node-labels=tier=edge'"
    }
  }
}
