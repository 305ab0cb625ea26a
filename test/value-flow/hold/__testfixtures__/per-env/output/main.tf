variable "tier" {}

locals {
  kube = "1.32"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.0"

  cluster_name    = "shop-${var.tier}"
  cluster_version = local.kube

  eks_managed_node_groups = {
    web = {
      ami_type = var.tier == "live" ? "AL2_x86_64" : "AL2023_x86_64_STANDARD"
    }
  }
}
