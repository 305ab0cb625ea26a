resource "helm_release" "metrics" {
  name  = "metrics-server"
  chart = "metrics-server"
  set {
    name  = "image.repository"
    value = "registry.k8s.io/metrics-server/metrics-server" # k8s.gcr.io in a comment stays
  }
  values = [<<-EOT
    addonResizer:
      image:
        repository: registry.k8s.io/autoscaling/addon-resizer
  EOT
  ]
}
