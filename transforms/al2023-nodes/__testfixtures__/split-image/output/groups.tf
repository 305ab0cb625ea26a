resource "aws_eks_cluster" "main" {
  name    = "main"
  version = local.k8s_minor

  kubernetes_network_config {
    service_ipv4_cidr = "172.20.0.0/16"
  }
}

locals {
  k8s_minor = "1.32"
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "batch"

  launch_template {
    id      = aws_launch_template.batch.id
    version = aws_launch_template.batch.latest_version
  }
}
