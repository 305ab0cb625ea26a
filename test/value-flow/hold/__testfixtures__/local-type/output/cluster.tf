variable "k8s" {}

resource "aws_eks_cluster" "k" {
  name     = "reports"
  version  = var.k8s
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
