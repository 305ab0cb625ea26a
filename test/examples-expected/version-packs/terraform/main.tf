module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "ledger"
  cluster_version = "1.35"

  self_managed_node_groups = {
    ledger = {
      ami_id               = "ami-0c4e7d2b91a3f5e68"
      bootstrap_extra_args = "--kubelet-extra-args '--pod-infra-container-image=602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5 --max-pods=58 --seccomp-default --kube-api-qps=50 --kube-api-burst=100'"
    }
  }
}
