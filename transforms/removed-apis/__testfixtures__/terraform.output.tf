resource "kubernetes_manifest" "cron" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "CronJob"
    metadata   = { name = "nightly", namespace = "default" }
  }
}

resource "kubernetes_manifest" "pdb" {
  manifest = {
    apiVersion = "policy/v1beta1"
    kind       = "PodDisruptionBudget"
    metadata   = { name = "web", namespace = "default" }
  }
}
