module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.6"

  self_managed_node_groups = {
    gpu = {
      ami_type      = "AL2023_x86_64_NVIDIA"
      instance_type = "p5.48xlarge"

      cloudinit_pre_nodeadm = [
        {
          content_type = "application/node.eks.aws"
          content      = <<-EOT
            ---
            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              kubelet:
                config:
                  registerWithTaints:
                    - key: nvidia.com/gpu
                      value: "true"
                      effect: NoSchedule
                flags:
                  - --node-labels=gpu=true
          EOT
        },
      ]
    }
    edge = {
      ami_type                = "AL2_ARM_64"
      pre_bootstrap_user_data = "export USE_MAX_PODS=false"
    }
  }
}
