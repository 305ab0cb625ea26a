data "aws_ssm_parameter" "ami" {
  name = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"
}

# selbstverwaltete Knoten (CRLF)
resource "aws_launch_template" "self" {
  image_id  = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/recommended/image_id"
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
        name: prod
        apiServerEndpoint: https://ABC.gr7.eu-west-1.eks.amazonaws.com
        certificateAuthority: LS0tCg==
        cidr: 10.100.0.0/16
      kubelet:
        config:
          clusterDNS:
            - 10.100.0.10

    --MIMEBOUNDARY--
  EOT
  )
}
