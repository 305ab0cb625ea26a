# The Terraform node group from the "remove --container-runtime" article (terraform-aws-eks v17).
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "17.24.0"
  cluster_name    = "demo"
  cluster_version = "1.27"

  node_groups = {
    eks_nodes = {
      desired_capacity = 2
      max_capacity     = 10
      min_capacity     = 1

      instance_type = "m5.large"
      k8s_labels = {
        Environment = "test"
        Name        = "eks-worker-node"
      }

      additional_userdata  = "echo foo bar"
    }
  }
}
