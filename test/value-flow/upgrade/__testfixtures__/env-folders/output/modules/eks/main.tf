variable "name" {}
variable "control_plane" {}
variable "node_release" {}
variable "proxy_build" {}

resource "aws_eks_cluster" "this" {
  name     = var.name
  version  = var.control_plane
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  ami_type        = "AL2023_x86_64_STANDARD"
  version         = aws_eks_cluster.this.version
  release_version = var.node_release
}

resource "aws_eks_addon" "kube_proxy" {
  cluster_name  = aws_eks_cluster.this.name
  addon_name    = "kube-proxy"
  addon_version = var.proxy_build
}
