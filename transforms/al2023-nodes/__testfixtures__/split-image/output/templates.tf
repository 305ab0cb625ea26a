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
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

    --MIMEBOUNDARY
    Content-Type: application/node.eks.aws

    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${aws_eks_cluster.main.name}
        certificateAuthority: ${aws_eks_cluster.main.certificate_authority[0].data}
        apiServerEndpoint: ${aws_eks_cluster.main.endpoint}
        cidr: 172.20.0.0/16
      kubelet:
        config:
          registerWithTaints:
            - key: batch
              value: "true"
              effect: NoSchedule
        flags:
          - --node-labels=pool=batch

    --MIMEBOUNDARY--
  EOT
  )
}
