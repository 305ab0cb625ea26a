resource "aws_eks_node_group" "batch" {
  cluster_name    = aws_eks_cluster.k.name
  node_group_name = "batch"
  ami_type        = local.node_image
  version         = aws_eks_cluster.k.version
}
