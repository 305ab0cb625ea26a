data "aws_ssm_parameter" "ami" {
  name = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"
}

# selbstverwaltete Knoten (CRLF)
resource "aws_launch_template" "self" {
  image_id  = "resolve:ssm:/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"
  user_data = base64encode(<<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh prod --apiserver-endpoint https://ABC.gr7.eu-west-1.eks.amazonaws.com --b64-cluster-ca LS0tCg== --dns-cluster-ip 10.100.0.10
  EOT
  )
}
