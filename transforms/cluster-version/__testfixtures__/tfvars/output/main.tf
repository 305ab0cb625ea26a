resource "aws_eks_cluster" "this" {
  name    = "prod"
  version = var.k8s_version
}
