# Labor für Funkzugang — Kernelmodul für die Beschleunigerkarte
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "radio"
  cluster_version = "1.32"

  eks_managed_node_groups = {
    dsp = {
      ami_type = "AL2_x86_64"

      pre_bootstrap_user_data = <<-EOT
        # yum install kernel-devel (kept as a comment: not a command)
        sudo yum install -y kernel-devel-$(uname -r) gcc
        amazon-linux-extras install -y epel
        yum install -y jq
      EOT
    }
  }
}
