# One module for every environment
data "aws_ssm_parameter" "node_ami" {
  name = "/aws/service/eks/optimized-ami/1.27/amazon-linux-2/recommended/image_id"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "shop-${var.environment}"
  cluster_version = var.cluster_version

  cluster_addons = {
    kube-proxy = {
      addon_version = "v1.27.16-eksbuild.41"
    }
    coredns = {
      most_recent = true
    }
  }
}
