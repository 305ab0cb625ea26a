# kept in step with variables.tf by hand: the service catalog lists what this stack deploys
locals {
  catalog = {
    eks_version = "1.34"
    kube_proxy  = "v1.34.6-eksbuild.13"
    coredns     = "v1.13.2-eksbuild.11"
  }
}

output "catalog" {
  value = local.catalog
}
