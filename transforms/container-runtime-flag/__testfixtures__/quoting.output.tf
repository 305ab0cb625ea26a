module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"

  self_managed_node_group_defaults = {
    # every group gets these
    bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'"
  }

  self_managed_node_groups = {
    space    = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'" }
    equals   = { bootstrap_extra_args = "--use-max-pods false" }
    escaped  = { bootstrap_extra_args = "--b64-cluster-ca x" }
    single   = { bootstrap_extra_args = "--use-max-pods false --b64-cluster-ca x" }
    endpoint = { bootstrap_extra_args = "--kubelet-extra-args '--container-runtime-endpoint=unix:///run/containerd/containerd.sock'" }
    alone = {
    }
    padded = {
      pre_bootstrap_user_data = "echo hi"
    }
  }
}
