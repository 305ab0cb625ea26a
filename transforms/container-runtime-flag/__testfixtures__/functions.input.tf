# Arguments built by functions — Argumente aus Funktionen
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_version = "1.26"

  self_managed_node_groups = {
    general = {
      bootstrap_extra_args = format("--container-runtime %s --kubelet-extra-args '%s'", var.rt, var.kargs)
    }
    batch = {
      bootstrap_extra_args = join(" ", ["--container-runtime", "containerd", "--kubelet-extra-args", "'--max-pods=20'"])
    }
    plain = {
      bootstrap_extra_args = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
    }
  }
}
