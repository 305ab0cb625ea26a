variable "cluster_name" {}
variable "k8s_minor" {}
variable "addon_pins" {
  type = map(string)
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.30"

  cluster_name    = var.cluster_name
  cluster_version = var.k8s_minor

  cluster_addons = {
    for name, pin in var.addon_pins : name => { addon_version = pin }
  }

  eks_managed_node_groups = {
    core = {
      ami_type = "AL2023_ARM_64_STANDARD"
    }
  }
}
