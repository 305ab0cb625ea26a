resource "helm_release" "cluster_autoscaler" {
  name       = "cluster-autoscaler"
  repository = "https://kubernetes.github.io/autoscaler"
  chart      = "cluster-autoscaler"
  version    = "9.35.0"
}

locals {
  image = "registry.k8s.io/autoscaling/cluster-autoscaler:v1.29.0"
}
