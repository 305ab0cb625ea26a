resource "kubectl_manifest" "default_class" {
  yaml_body = <<-EOT
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      role: ${module.eks.cluster_name}-nodes
      amiSelectorTerms:
        - alias: al2@latest
  EOT
}
