variable "cluster_version" {
  type    = string
  default = "1.26"
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_name    = "prod"
  cluster_version = var.cluster_version
}
