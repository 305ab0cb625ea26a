resource "kubectl_manifest" "gpu_class" {
  yaml_body = yamlencode({
    apiVersion = "karpenter.k8s.aws/v1"
    kind       = "EC2NodeClass"
    metadata   = { name = "gpu" }
    spec = {
      amiFamily        = "AL2"
      amiSelectorTerms = [{ id = "ami-0123456789abcdef0" }]
    }
  })
}
