resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  # ユーザーデータ: bootstrap.sh を呼ぶ
  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -ex
    export NODE_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)
    # --container-runtime used to be needed here
    /etc/eks/bootstrap.sh ${var.cluster_name} --container-runtime containerd \
      --b64-cluster-ca ${var.cluster_ca} \
      --kubelet-extra-args '--node-ip=$${NODE_IP} --max-pods=${var.max_pods}'
    /etc/eks/bootstrap.sh ${var.cluster_name} \
      --apiserver-endpoint "${var.endpoint}" \
      --container-runtime containerd \
      --kubelet-extra-args "--node-labels=${join(",", var.labels)}"
    /etc/eks/bootstrap.sh ${var.cluster_name} \
      --b64-cluster-ca ${var.cluster_ca} \
      --container-runtime containerd
    %{ if var.gpu ~}
    /etc/eks/bootstrap.sh ${var.cluster_name} --container-runtime=containerd --dns-cluster-ip 10.100.0.10
    %{ endif ~}
    echo done
  EOT
  )
}

resource "aws_launch_template" "plain" {
  user_data = base64encode("#!/bin/bash\n/etc/eks/bootstrap.sh ${var.cluster_name} --container-runtime containerd\n")
}
