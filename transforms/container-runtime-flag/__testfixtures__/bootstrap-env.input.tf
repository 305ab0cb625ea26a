module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_version = "1.26"

  node_groups = {
    example = {
      bootstrap_env = {
        CONTAINER_RUNTIME = "containerd"
        USE_MAX_PODS      = false
      }
    }
    only = {
      # runtime choice
      bootstrap_env = {
        CONTAINER_RUNTIME = "containerd" # set for 1.23
      }
      kubelet_extra_args = "--max-pods=110"
    }
  }
}
