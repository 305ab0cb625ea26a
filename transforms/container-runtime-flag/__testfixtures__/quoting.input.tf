module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"

  self_managed_node_group_defaults = {
    # every group gets these
    bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
  }

  self_managed_node_groups = {
    space    = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20' --container-runtime containerd" }
    equals   = { bootstrap_extra_args = "--container-runtime=containerd --use-max-pods false" }
    escaped  = { bootstrap_extra_args = "--container-runtime \"containerd\" --b64-cluster-ca x" }
    single   = { bootstrap_extra_args = "--use-max-pods false --container-runtime 'containerd' --b64-cluster-ca x" }
    endpoint = { bootstrap_extra_args = "--kubelet-extra-args '--container-runtime-endpoint=unix:///run/containerd/containerd.sock'" }
    alone = {
      bootstrap_extra_args = "--container-runtime containerd" # the article: the whole line goes
    }
    padded = {
      bootstrap_extra_args    = " --container-runtime  containerd "
      pre_bootstrap_user_data = "echo hi"
    }
  }
}
