# bootstrap_extra_args = "--container-runtime containerd"
module "eks" {
  source = "terraform-aws-modules/eks/aws"
  // --container-runtime containerd was removed in 1.27
  /* bootstrap_extra_args = "--container-runtime containerd" */
  self_managed_node_groups = {}
}
