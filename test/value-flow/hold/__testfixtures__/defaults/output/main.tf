variable "eks" {}
variable "default_ami" {}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "bi"
  cluster_version = var.eks

  eks_managed_node_group_defaults = {
    ami_type = var.default_ami
  }

  eks_managed_node_groups = {
    etl = {
      instance_types = ["r6i.large"]
    }
  }
}
