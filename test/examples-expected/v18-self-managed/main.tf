# terraform-aws-eks v18 style: the module's own examples (v18.0.0 to v19.7) passed --container-runtime this way.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"

  cluster_name    = "ex-self-managed"
  cluster_version = "1.27"

  self_managed_node_groups = {
    default = {
      ami_id               = data.aws_ami.eks_default.id
      bootstrap_extra_args = "--kubelet-extra-args '--max-pods=20 --seccomp-default --kube-api-qps=50 --kube-api-burst=100'"

      pre_bootstrap_user_data = <<-EOT
        export USE_MAX_PODS=false
      EOT
    }
  }
}

# A launch template whose user data calls bootstrap.sh itself.
resource "aws_launch_template" "custom" {
  name_prefix = "custom-"
  image_id    = data.aws_ami.eks_default.id

  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -ex
    /etc/eks/bootstrap.sh ${module.eks.cluster_name} \
      --b64-cluster-ca ${module.eks.cluster_certificate_authority_data} \
      --apiserver-endpoint ${module.eks.cluster_endpoint} \
      --kubelet-extra-args '--max-pods=110 --seccomp-default --kube-api-qps=50 --kube-api-burst=100'
  EOT
  )
}

data "aws_ami" "eks_default" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["amazon-eks-node-1.27-v*"]
  }
}
