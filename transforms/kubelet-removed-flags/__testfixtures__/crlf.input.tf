module "eks" {
  cluster_version = "1.34"
  self_managed_node_groups = {
    # Zahlungsverkehr
    payments = {
      bootstrap_extra_args = "--kubelet-extra-args '--pod-infra-container-image=602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5 --cloud-config /etc/kubernetes/cloud.conf --max-pods=58'"
    }
  }
}
