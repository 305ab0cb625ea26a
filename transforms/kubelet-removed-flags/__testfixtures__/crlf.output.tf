module "eks" {
  cluster_version = "1.34"
  self_managed_node_groups = {
    # Zahlungsverkehr
    payments = {
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=58'"
    }
  }
}
