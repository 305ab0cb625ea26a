resource "helm_release" "metrics" {
  name  = "metrics-server"
  chart = "metrics-server"
  set {
    name  = "image.repository"
    value = "k8s.gcr.io/metrics-server/metrics-server" # k8s.gcr.io in a comment stays
  }
  values = [<<-EOT
    addonResizer:
      image:
        repository: k8s.gcr.io/autoscaling/addon-resizer
  EOT
  ]
}
