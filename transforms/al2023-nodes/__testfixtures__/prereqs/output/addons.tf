# VPC CNI: fixed by the network team
resource "aws_eks_addon" "cni" {
  cluster_name  = aws_eks_cluster.maps.name
  addon_name    = "vpc-cni"
  addon_version = "v1.14.1-eksbuild.1"
}

resource "aws_eks_addon" "dns" {
  cluster_name  = aws_eks_cluster.maps.name
  addon_name    = "coredns"
  addon_version = "v1.11.1-eksbuild.4"
}
