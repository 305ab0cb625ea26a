resource "kubectl_manifest" "gpu" {
  # Grafikkarten — Knoten
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: gpu
    spec:
      amiFamily: AL2023
      amiSelectorTerms:
        - alias: "al2023@latest"
      role: nodes
      userData: |
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

        --MIMEBOUNDARY
        Content-Type: text/x-shellscript; charset="us-ascii"

        #!/bin/bash
        echo "vorher"

        --MIMEBOUNDARY
        Content-Type: application/node.eks.aws

        ---
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          kubelet:
            config:
              maxPods: 58

        --MIMEBOUNDARY--
  YAML
}
