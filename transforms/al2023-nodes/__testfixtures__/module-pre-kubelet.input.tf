module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.6"

  self_managed_node_groups = {
    gpu = {
      ami_type      = "AL2_x86_64_GPU"
      instance_type = "p5.48xlarge"

      pre_bootstrap_user_data = <<-EOT
        # nur GPU-Pods ✓
        export KUBELET_EXTRA_ARGS='--node-labels=gpu=true \
          --register-with-taints=nvidia.com/gpu=true:NoSchedule'
      EOT
    }
    edge = {
      ami_type                = "AL2_ARM_64"
      pre_bootstrap_user_data = "export USE_MAX_PODS=false"
    }
  }
}
