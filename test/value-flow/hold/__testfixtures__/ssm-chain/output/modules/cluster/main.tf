variable "version_wanted" {}

resource "aws_eks_cluster" "this" {
  name     = "legacy"
  version  = var.version_wanted
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

module "workers" {
  source = "../workers"
  minor  = var.version_wanted
}
