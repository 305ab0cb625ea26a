# Karpenter-Knotenklassen — über kubectl_manifest
resource "kubectl_manifest" "default" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default # Standard ✓
    spec:
      amiFamily: "AL2"
      role: ${module.karpenter.node_iam_role_name}
      amiSelectorTerms:
        - alias: al2@latest
      subnetSelectorTerms:
        - tags:
            karpenter.sh/discovery: ${var.cluster_name}
  YAML
}

resource "kubectl_manifest" "pinned" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: pinned
    spec:
      role: nodes
      # held back: a later image renamed the instance-store devices
      amiSelectorTerms:
        - alias: 'al2@v20240807'
  YAML
}

resource "kubectl_manifest" "quoted" {
  yaml_body = "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: quoted\nspec:\n  role: nodes\n  amiSelectorTerms:\n    - alias: al2@latest\n"
}

resource "kubectl_manifest" "directives" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: directives
    spec:
    %{ if var.tagged ~}
      tags:
        team: ${var.team}
    %{ endif ~}
      role: nodes
      amiSelectorTerms:
        - alias: al2@latest
  YAML
}

resource "kubectl_manifest" "legacy" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1alpha1
    kind: AWSNodeTemplate
    metadata:
      name: legacy
    spec:
      subnetSelector:
        karpenter.sh/discovery: ${var.cluster_name}
  YAML
}

resource "kubectl_manifest" "done" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: done
    spec:
      role: nodes
      amiSelectorTerms:
        - alias: al2023@latest
  YAML
}
