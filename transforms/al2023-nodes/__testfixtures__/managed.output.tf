# Ingest nodes — Knoten für die Log-Pipeline (ünïcödé comment)
resource "aws_launch_template" "ingest" {
  name_prefix = "ingest-"

  # EKS bootstraps these nodes; the user data only tunes the kernel
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="//"

    --//
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    sysctl -w net.core.somaxconn=4096

    --//--
  EOT
  )
}

resource "aws_eks_node_group" "ingest" {
  cluster_name    = var.cluster_name
  node_group_name = "ingest"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  ami_type        = "AL2_ARM_64" # Graviton
  release_version = "1.32.3-20250519"
  instance_types  = ["m7g.large"]

  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 4
  }

  launch_template {
    name    = aws_launch_template.ingest.name
    version = aws_launch_template.ingest.latest_version
  }
}

# AL2023 replacement of aws_eks_node_group.ingest (eks-migrate al2023-nodes): apply, drain ingest, then delete ingest in a later change
resource "aws_eks_node_group" "ingest_al2023" {
  cluster_name    = var.cluster_name
  node_group_name = "ingest-al2023"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  ami_type        = "AL2023_ARM_64_STANDARD" # Graviton
  instance_types  = ["m7g.large"]

  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 4
  }

  launch_template {
    name    = aws_launch_template.ingest.name
    version = aws_launch_template.ingest.latest_version
  }
}

resource "aws_launch_template" "gpu" {
  name = "gpu"
  user_data = base64encode(<<EOT
#!/bin/bash
nvidia-smi -pm 1
/etc/eks/bootstrap.sh ${var.cluster_name} --kubelet-extra-args "--node-labels=accelerator=nvidia --register-with-taints=nvidia.com/gpu=true:NoSchedule"
EOT
  )
}

# AL2023 launch template of aws_eks_node_group.gpu_al2023 (eks-migrate al2023-nodes)
resource "aws_launch_template" "gpu_al2023" {
  name = "gpu-al2023"
  user_data = base64encode(<<EOT
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

--MIMEBOUNDARY
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/bash
nvidia-smi -pm 1

--MIMEBOUNDARY
Content-Type: application/node.eks.aws

---
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  kubelet:
    config:
      registerWithTaints:
        - key: nvidia.com/gpu
          value: "true"
          effect: NoSchedule
    flags:
      - --node-labels=accelerator=nvidia

--MIMEBOUNDARY--
EOT
  )
}

resource "aws_eks_node_group" "gpu" {
  cluster_name           = var.cluster_name
  node_group_name_prefix = "gpu-"
  ami_type               = "AL2_x86_64_GPU"
  instance_types         = ["g5.xlarge"]

  launch_template {
    id      = aws_launch_template.gpu.id
    version = "$Latest"
  }
}

# AL2023 replacement of aws_eks_node_group.gpu (eks-migrate al2023-nodes): apply, drain gpu, then delete gpu in a later change
resource "aws_eks_node_group" "gpu_al2023" {
  cluster_name           = var.cluster_name
  node_group_name_prefix = "gpu-al2023-"
  ami_type               = "AL2023_x86_64_NVIDIA"
  instance_types         = ["g5.xlarge"]

  launch_template {
    id      = aws_launch_template.gpu_al2023.id
    version = "$Latest"
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = var.cluster_name
  node_group_name = "system"
  ami_type        = "AL2023_x86_64_STANDARD"
}
