# Föderation: node groups the module names with a prefix (use_name_prefix defaults to true)
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.6"

  cluster_name    = "shop"
  cluster_version = "1.32"

  eks_managed_node_groups = {
    general = {
      ami_type       = "AL2_x86_64"
      instance_types = ["m6i.large"]
      min_size       = 1
    }
    "batch" = {
      ami_type             = "AL2_ARM_64"
      instance_types       = ["m7g.large"]
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=58'"
    }
  }
}

resource "aws_eks_node_group" "reports" {
  cluster_name           = module.eks.cluster_name
  node_group_name_prefix = "reports-"
  ami_type               = "AL2_x86_64"

  lifecycle {
    create_before_destroy = true
  }
}
