module "eks" {
  source = "terraform-aws-modules/eks/aws"

  self_managed_node_groups = {
    missing = { bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20'" }
    low     = { bootstrap_extra_args = "--kubelet-extra-args '--kube-api-qps=5 --kube-api-burst 10'" }
    high    = { bootstrap_extra_args = "--kubelet-extra-args \"--kube-api-qps=80 --kube-api-burst=160\"" }
    half    = { bootstrap_extra_args = "--kubelet-extra-args '--kube-api-qps=100'" }
    none    = { bootstrap_extra_args = "--b64-cluster-ca x" }
  }
}

resource "aws_launch_template" "lt" {
  user_data = base64encode(<<-EOT
    #!/bin/bash
    # 古い QPS 設定
    /etc/eks/bootstrap.sh ${var.cluster} --kubelet-extra-args '--kube-api-qps=10 --kube-api-burst=20'
  EOT
  )
}
