minor = "1.34"

eks_addons = {
  kube-proxy = { version = "v1.34.6-eksbuild.13" }
  coredns    = { version = "v1.13.2-eksbuild.11" }
  vpc-cni    = { version = "v1.20.4-eksbuild.2" }
}
