resource "aws_launch_template" "batch" {
  name_prefix   = "batch-"
  image_id      = data.aws_ssm_parameter.batch_ami.value
  instance_type = "m7g.xlarge"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  # bootstrap with the cluster fields, no DescribeCluster call
  user_data = base64encode(<<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh ${aws_eks_cluster.main.name} \
      --b64-cluster-ca '${aws_eks_cluster.main.certificate_authority[0].data}' \
      --apiserver-endpoint "${aws_eks_cluster.main.endpoint}" \
      --kubelet-extra-args "--node-labels=pool=batch --register-with-taints=batch=true:NoSchedule"
  EOT
  )
}
