variable "tier" {
  default = "live"
}

locals {
  kube  = "1.32"
  image = "AL2023_ARM_64_STANDARD"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.31.0"

  cluster_name    = "docs"
  cluster_version = local.kube

  eks_managed_node_group_defaults = {
    ami_type = local.image
  }

  eks_managed_node_groups = {
    web = {
      ami_type = var.tier == "live" ? "AL2023_x86_64_STANDARD" : "BOTTLEROCKET_x86_64"
    }
    other = {}
  }
}

resource "kubectl_manifest" "class" {
  yaml_body = <<-EOT
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
  EOT
}
