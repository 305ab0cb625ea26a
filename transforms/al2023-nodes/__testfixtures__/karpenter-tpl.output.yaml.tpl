# templatefile() — Stapel ✓
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: batch
spec:
  amiFamily: AL2023
  amiSelectorTerms:
    - alias: "al2023@latest"
  role: ${node_role}
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: ${cluster_name}
---
apiVersion: karpenter.k8s.aws/v1beta1
kind: EC2NodeClass
metadata:
  name: old
spec:
  amiFamily: "AL2023"
  role: ${node_role}
---
apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata:
  name: replay
spec:
  instanceProfile: ${node_profile}
