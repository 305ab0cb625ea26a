variable "extra_args" {
  type = string
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"

  self_managed_node_groups = {
    a = { bootstrap_extra_args = var.extra_args }
    b = { bootstrap_extra_args = "${var.extra_args} --kubelet-extra-args '--max-pods=20'" }
    c = { bootstrap_extra_args = each.value.bootstrap_extra_args }
    d = { bootstrap_extra_args = "--kubelet-extra-args '--node-labels=${local.labels}'" }
    e = { bootstrap_extra_args = join(" ", [var.extra_args, "--container-runtime containerd"]) }
  }
  description = "remember: ${var.x} --container-runtime"
}
