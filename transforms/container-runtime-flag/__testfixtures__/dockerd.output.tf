module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.25"

  self_managed_node_groups = {
    legacy = {
      bootstrap_extra_args = "--enable-docker-bridge true"
    }
  }
}
