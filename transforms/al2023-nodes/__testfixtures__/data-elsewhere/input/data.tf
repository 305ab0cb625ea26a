# the AMI parameters of every node pool (Knoten-Images)
data "aws_ssm_parameter" "ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"
}
data "aws_ssm_parameter" "bottlerocket" {
  name = "/aws/service/bottlerocket/aws-k8s-1.32/x86_64/latest/image_id"
}
