resource "aws_eks_cluster" "maps" {
  name    = "maps"
  version = "1.32"
}

resource "aws_eks_node_group" "arm" {
  cluster_name    = aws_eks_cluster.maps.name
  node_group_name = "arm"
  ami_type        = "AL2_ARM_64"
}
