resource "aws_eks_cluster" "maps" {
  name    = "maps"
  version = "1.32"
}

resource "aws_eks_node_group" "arm" {
  cluster_name    = aws_eks_cluster.maps.name
  node_group_name = "arm"
  ami_type        = "AL2_ARM_64"
}

# AL2023 replacement of aws_eks_node_group.arm (eks-migrate al2023-nodes): apply, drain arm, then delete arm in a later change
resource "aws_eks_node_group" "arm_al2023" {
  cluster_name    = aws_eks_cluster.maps.name
  node_group_name = "arm-al2023"
  ami_type        = "AL2023_ARM_64_STANDARD"
}
