# kept in step with variables.tf by hand: the service catalog lists what this stack deploys
locals {
  catalog = {
    eks_version = "1.33"
    kube_proxy  = "v1.33.10-eksbuild.13"
    coredns     = "v1.12.4-eksbuild.18"
  }
}

output "catalog" {
  value = local.catalog
}
