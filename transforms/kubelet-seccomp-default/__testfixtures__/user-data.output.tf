resource "aws_launch_template" "nodes" {
  user_data = base64encode(<<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh ${var.cluster_name} \
      --b64-cluster-ca ${var.ca} \
      --kubelet-extra-args '--node-labels=role=${var.role} --seccomp-default'
    /etc/eks/bootstrap.sh ${var.cluster_name} --b64-cluster-ca ${var.ca} --kubelet-extra-args '--seccomp-default'
  EOT
  )
}

resource "aws_launch_template" "templated" {
  user_data = base64encode(templatefile("${path.module}/user_data.tpl", { bootstrap_extra_args = "--kubelet-extra-args '--v=2 --seccomp-default'" }))
}

resource "aws_launch_template" "al2023" {
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: application/node.eks.aws

    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${var.cluster_name}
      kubelet:
        config:
          maxPods: 110
          seccompDefault: true

    --BOUNDARY--
  EOT
  )
}

module "v17" {
  source = "terraform-aws-modules/eks/aws"
  worker_groups = [
    {
      bootstrap_extra_args = "--use-max-pods false"
      kubelet_extra_args   = "--node-labels=kind=worker --seccomp-default"
    },
  ]
}
