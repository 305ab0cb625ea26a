include "common" {
  path = find_in_parent_folders("common.hcl")
}

locals {
  region = read_terragrunt_config(find_in_parent_folders("region.hcl"))
}

terraform {
  source = "../../../modules//k8s"
}

inputs = {
  cluster_name = "platform-${local.region.locals.region}"
  k8s_minor    = local.region.locals.eks_minor
  addon_pins = {
    kube-proxy = "v1.34.6-eksbuild.13"
    coredns    = "v1.13.2-eksbuild.11"
  }
}
