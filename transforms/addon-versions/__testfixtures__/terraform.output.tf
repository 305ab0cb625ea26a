# Add-ons pinned per cluster — Versionen gepinnt
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.30"

  cluster_addons = {
    kube-proxy = {
      addon_version = "v1.30.14-eksbuild.8" # pinned
    }
    coredns = {
      addon_version = "v1.11.4-eksbuild.40"
    }
    vpc-cni = {
      most_recent = true
    }
  }
}

inputs = {
  eks_addon_coredns_version = "v1.11.1-eksbuild.4"
}
