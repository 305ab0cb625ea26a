apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: spot
spec:
  role: ${role}
  amiSelectorTerms:
    - alias: al2@v20250601
