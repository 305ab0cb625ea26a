# AMI für Knoten — Minor muss passen
data "aws_ssm_parameter" "node_ami" {
  name = "/aws/service/eks/optimized-ami/1.29/amazon-linux-2023/x86_64/standard/recommended/image_id"
}

data "aws_ssm_parameter" "bottlerocket" {
  name = "/aws/service/bottlerocket/aws-k8s-1.29/x86_64/latest/image_id"
}

data "aws_ami" "eks" {
  filter {
    name   = "name"
    values = ["amazon-eks-node-al2023-x86_64-standard-1.29-*"]
  }
}

resource "aws_eks_node_group" "spark" {
  release_version = "1.29.3-20240506"
  ami_type        = "AL2023_ARM_64_STANDARD"
}

data "aws_ssm_parameter" "older" {
  name = "/aws/service/eks/optimized-ami/1.28/amazon-linux-2023/x86_64/standard/recommended/image_id"
}
