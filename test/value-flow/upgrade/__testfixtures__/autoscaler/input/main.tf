resource "aws_eks_cluster" "this" {
  name     = "tools"
  version  = var.kubernetes
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "helm_release" "autoscaler" {
  name       = "cluster-autoscaler"
  repository = "https://kubernetes.github.io/autoscaler"
  chart      = "cluster-autoscaler"

  set {
    name  = "image.tag"
    value = var.autoscaler_image
  }
  set {
    name  = "autoDiscovery.clusterName"
    value = aws_eks_cluster.this.name
  }
}
