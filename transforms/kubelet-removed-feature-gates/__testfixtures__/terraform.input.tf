module "eks" {
  cluster_version = "1.32"
  self_managed_node_groups = {
    reports = {
      # Gates für ältere Knoten
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=29 --feature-gates=KubeletCredentialProviders=true,MemoryQoS=true'"
    }
  }
}
