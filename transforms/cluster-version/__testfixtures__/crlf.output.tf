module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  # コメント
  cluster_version = "1.27"
}
