variable "name" {}
variable "release" {}
variable "proxy" {}

resource "aws_eks_cluster" "c" {
  name     = var.name
  version  = var.release
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_eks_addon" "kube_proxy" {
  cluster_name  = aws_eks_cluster.c.name
  addon_name    = "kube-proxy"
  addon_version = var.proxy
}
