locals {
  # the kube-proxy build of both clusters (the older control plane decides)
  proxy = "v1.32.13-eksbuild.16"
}

module "blue" {
  source  = "./cluster"
  name    = "blue"
  release = "1.34"
  proxy   = local.proxy
}

module "green" {
  source  = "./cluster"
  name    = "green"
  release = "1.32"
  proxy   = local.proxy
}
