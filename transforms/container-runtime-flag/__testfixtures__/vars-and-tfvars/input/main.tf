resource "aws_eks_cluster" "this" {
  name    = "prod"
  version = var.cluster_version
}

module "workers" {
  source               = "./modules/workers"
  bootstrap_extra_args = var.bootstrap_extra_args
}
