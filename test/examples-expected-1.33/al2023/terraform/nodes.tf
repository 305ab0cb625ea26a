# Orders cluster: control plane and two node groups, still on Amazon Linux 2.
resource "aws_eks_cluster" "orders" {
  name     = "orders"
  version  = "1.32"
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids = var.subnet_ids
  }
}

# api: EKS picks the image (ami_type); the launch template adds kubelet settings.
resource "aws_launch_template" "api" {
  name_prefix = "orders-api-"

  user_data = base64encode(<<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh orders --kubelet-extra-args '--max-pods=50 --node-labels=tier=api'
  EOT
  )
}

# AL2023 launch template of aws_eks_node_group.api_al2023 (eks-migrate al2023-nodes)
resource "aws_launch_template" "api_al2023" {
  name_prefix = "orders-api-al2023-"

  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

    --MIMEBOUNDARY
    Content-Type: application/node.eks.aws

    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      kubelet:
        config:
          maxPods: 50
        flags:
          - --node-labels=tier=api

    --MIMEBOUNDARY--
  EOT
  )
}

resource "aws_eks_node_group" "api" {
  cluster_name    = aws_eks_cluster.orders.name
  node_group_name = "api"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  ami_type        = "AL2_x86_64"
  instance_types  = ["m6i.large"]

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 6
  }

  launch_template {
    id      = aws_launch_template.api.id
    version = aws_launch_template.api.latest_version
  }
}

# AL2023 replacement of aws_eks_node_group.api (eks-migrate al2023-nodes): apply, drain api, then delete api in a later change
resource "aws_eks_node_group" "api_al2023" {
  cluster_name    = aws_eks_cluster.orders.name
  node_group_name = "api-al2023"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  ami_type        = "AL2023_x86_64_STANDARD"
  instance_types  = ["m6i.large"]

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 6
  }

  launch_template {
    id      = aws_launch_template.api_al2023.id
    version = aws_launch_template.api_al2023.latest_version
  }
}

# batch: a custom AMI (the launch template names the image), so the group rolls when the image changes here.
data "aws_ssm_parameter" "batch_ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/recommended/image_id"
}

resource "aws_launch_template" "batch" {
  name_prefix = "orders-batch-"
  image_id    = data.aws_ssm_parameter.batch_ami.value

  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"

    --MIMEBOUNDARY
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    yum install -y nvme-cli

    --MIMEBOUNDARY
    Content-Type: application/node.eks.aws

    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: orders
        certificateAuthority: ${aws_eks_cluster.orders.certificate_authority[0].data}
        apiServerEndpoint: ${aws_eks_cluster.orders.endpoint}
        cidr: ${aws_eks_cluster.orders.kubernetes_network_config[0].service_ipv4_cidr}
      instance:
        localStorage:
          strategy: RAID0
      kubelet:
        config:
          clusterDNS:
            - 172.20.0.10

    --MIMEBOUNDARY--
  EOT
  )
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = aws_eks_cluster.orders.name
  node_group_name = "batch"
  node_role_arn   = var.node_role_arn
  subnet_ids      = var.subnet_ids
  instance_types  = ["c6id.2xlarge"]

  scaling_config {
    desired_size = 1
    min_size     = 0
    max_size     = 10
  }

  launch_template {
    id      = aws_launch_template.batch.id
    version = aws_launch_template.batch.latest_version
  }
}

variable "cluster_role_arn" {
  type = string
}

variable "node_role_arn" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}
