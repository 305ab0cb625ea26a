resource "kubectl_manifest" "gpu" {
  # Grafikkarten — Knoten
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: gpu
    spec:
      amiFamily: AL2
      amiSelectorTerms:
        - alias: "al2@latest"
      role: nodes
      userData: |
        #!/bin/bash
        echo "vorher"
        /etc/eks/bootstrap.sh shop --kubelet-extra-args '--max-pods=58'
  YAML
}
