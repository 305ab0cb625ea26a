module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_version = "1.26" # 次は 1.27
}

module "eks_v21" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  kubernetes_version = 1.26
}

resource "aws_eks_cluster" "this" {
  name    = "plain"
  version = "1.26"
}

resource "aws_eks_node_group" "workers" {
  cluster_name = aws_eks_cluster.this.name
  version      = "1.26"
}

resource "aws_eks_cluster" "old" {
  name    = "old"
  version = "1.23"
}

resource "aws_eks_cluster" "computed" {
  name    = "computed"
  version = data.external.version.result.v
}

module "not_a_version" {
  source  = "./vpc"
  version = "1.26"
}
