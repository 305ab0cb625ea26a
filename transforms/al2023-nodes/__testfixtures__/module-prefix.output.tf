# Föderation: node groups the module names with a prefix (use_name_prefix defaults to true)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.6"

  cluster_name    = "shop"
  cluster_version = "1.32"

  eks_managed_node_groups = {
    general = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m6i.large"]
      min_size       = 1
    }
    "batch" = {
      ami_type             = "AL2023_ARM_64_STANDARD"
      instance_types       = ["m7g.large"]
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
                  maxPods: 58
          EOT
        },
      ]
    }
  }
}

resource "aws_eks_node_group" "reports" {
  cluster_name           = module.eks.cluster_name
  node_group_name_prefix = "reports-"
  ami_type               = "AL2023_x86_64_STANDARD"

  lifecycle {
    create_before_destroy = true
  }
}
