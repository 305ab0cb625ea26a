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

# batch: a custom AMI (the launch template names the image), so the group rolls when the image changes here.
data "aws_ssm_parameter" "batch_ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id"
}

resource "aws_launch_template" "batch" {
  name_prefix = "orders-batch-"
  image_id    = data.aws_ssm_parameter.batch_ami.value

  user_data = base64encode(<<-EOT
    #!/bin/bash
    yum install -y nvme-cli
    /etc/eks/bootstrap.sh orders --b64-cluster-ca ${aws_eks_cluster.orders.certificate_authority[0].data} --apiserver-endpoint ${aws_eks_cluster.orders.endpoint} --dns-cluster-ip 172.20.0.10 --local-disks raid0
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
