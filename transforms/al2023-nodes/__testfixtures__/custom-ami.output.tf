# Batch workers on a pinned EKS AMI (arm64); the image moves only when we change it here.
data "aws_ssm_parameter" "batch_ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/arm64/standard/recommended/image_id"
}

resource "aws_eks_cluster" "main" {
  name    = "batch"
  version = "1.32"

  kubernetes_network_config {
    service_ipv4_cidr = "10.96.0.0/16"
  }
}

resource "aws_launch_template" "batch" {
  name_prefix = "batch-"
  image_id    = data.aws_ssm_parameter.batch_ami.value

  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

    --MIMEBOUNDARY
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    # prépare le disque — données temporaires
    mkdir -p /scratch

    --MIMEBOUNDARY
    Content-Type: application/node.eks.aws

    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${aws_eks_cluster.main.name}
        certificateAuthority: ${aws_eks_cluster.main.certificate_authority[0].data}
        apiServerEndpoint: ${aws_eks_cluster.main.endpoint}
        cidr: 10.96.0.0/16
      instance:
        localStorage:
          strategy: RAID0
      kubelet:
        config:
          maxPods: 110
          kubeReserved:
            cpu: 250m
            memory: 1Gi
          evictionHard:
            memory.available: 200Mi
          featureGates:
            ImageMaximumGCAge: true
        flags:
          - --node-labels=role=batch

    --MIMEBOUNDARY
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    echo "joined" > /var/log/joined

    --MIMEBOUNDARY--
  EOT
  )
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "batch"
  instance_types  = ["c7g.xlarge"]

  launch_template {
    id      = aws_launch_template.batch.id
    version = aws_launch_template.batch.latest_version
  }
}
