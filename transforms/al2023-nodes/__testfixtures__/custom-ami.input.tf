# Batch workers on a pinned EKS AMI (arm64); the image moves only when we change it here.
data "aws_ssm_parameter" "batch_ami" {
  name = "/aws/service/eks/optimized-ami/1.32/amazon-linux-2-arm64/recommended/image_id"
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
    #!/bin/bash
    # prépare le disque — données temporaires
    mkdir -p /scratch
    /etc/eks/bootstrap.sh ${aws_eks_cluster.main.name} \
      --b64-cluster-ca '${aws_eks_cluster.main.certificate_authority[0].data}' \
      --apiserver-endpoint "${aws_eks_cluster.main.endpoint}" \
      --container-runtime containerd \
      --local-disks raid0 \
      --kubelet-extra-args '--max-pods=110 --kube-reserved=cpu=250m,memory=1Gi --eviction-hard=memory.available<200Mi --node-labels=role=batch --feature-gates=ImageMaximumGCAge=true'
    echo "joined" > /var/log/joined
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
