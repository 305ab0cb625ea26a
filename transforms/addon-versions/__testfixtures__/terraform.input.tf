# Add-ons pinned per cluster — Versionen gepinnt
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.30"

  cluster_addons = {
    kube-proxy = {
      addon_version = "v1.29.0-eksbuild.1" # pinned
    }
    coredns = {
      addon_version = "v1.10.1-eksbuild.7"
    }
    vpc-cni = {
      most_recent = true
    }
  }
}

inputs = {
  eks_addon_coredns_version = "v1.11.1-eksbuild.4"
}
