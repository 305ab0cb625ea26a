resource "aws_eks_addon" "kube_proxy" {
  cluster_name  = "c"
  addon_name    = "kube-proxy"
  addon_version = "v1.29.3-eksbuild.2"
}

resource "aws_eks_addon" "too_new" {
  addon_name    = "kube-proxy"
  addon_version = "v1.31.0-eksbuild.1"
}
