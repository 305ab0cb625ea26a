minor = "1.33"

eks_addons = {
  kube-proxy = { version = "v1.33.10-eksbuild.13" }
  coredns    = { version = "v1.12.4-eksbuild.18" }
  vpc-cni    = { version = "v1.20.4-eksbuild.2" }
}
