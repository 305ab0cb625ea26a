# Self-managed batch nodes: a pinned AL2 image, user data assembled by cloudinit_config (Knoten für Stapeljobs).
data "aws_ssm_parameter" "ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/recommended/image_id"
}

data "cloudinit_config" "batch" {
  gzip          = false
  base64_encode = true

  part {
    content_type = "text/cloud-config"
    content      = "#cloud-config\npackages: [jq]\n"
  }

  part {
    content_type = "text/x-shellscript"
    content      = <<-EOT
      #!/bin/bash
      echo "vm.swappiness=10" >> /etc/sysctl.conf
    EOT
  }

  part {
    content_type = "application/node.eks.aws"
    content      = <<-EOT
      ---
      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        cluster:
          name: ${var.cluster_name}
          certificateAuthority: ${var.ca}
          apiServerEndpoint: ${var.endpoint}
          cidr: 10.0.0.0/16
        kubelet:
          config:
            maxPods: 40
    EOT
  }

  part {
    content_type = "text/x-shellscript"
    content      = <<-EOT
      #!/bin/bash
      touch /var/run/joined
    EOT
  }
}

resource "aws_launch_template" "batch" {
  image_id  = data.aws_ssm_parameter.ami.value
  user_data = data.cloudinit_config.batch.rendered

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_autoscaling_group" "batch" {
  max_size = 4
  min_size = 0

  launch_template {
    id      = aws_launch_template.batch.id
    version = "$Latest"
  }
}
