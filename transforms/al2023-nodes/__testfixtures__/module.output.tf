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

    # AL2023 replacement of general (eks-migrate al2023-nodes): apply, drain general, then delete it
    "general_al2023" = {
      name            = "general-al2023"
      use_name_prefix = false # runbooks use the exact name
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m6i.large"]
      min_size       = 1
      max_size       = 3
      desired_size   = 1

      # kept from the AL2 days — ça marche
      cloudinit_pre_nodeadm = [
        {
          content_type = "text/x-shellscript"
          content      = <<-EOT
            #!/bin/bash
            echo 'vm.max_map_count=262144' >> /etc/sysctl.conf
          EOT
        },
        {
          content_type = "application/node.eks.aws"
          content      = <<-EOT
            ---
            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              kubelet:
                config:
                  maxPods: 50
          EOT
        },
      ]
    }
  }

  self_managed_node_groups = {
    edge = {
      ami_type      = "AL2023_ARM_64_STANDARD"
      instance_type = "t4g.medium"

      cloudinit_pre_nodeadm = [
        {
          content_type = "application/node.eks.aws"
          content      = <<-EOT
            ---
            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              kubelet:
                flags:
                  - --node-labels=tier=edge
          EOT
        },
      ]
    }
  }
}
