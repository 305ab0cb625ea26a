# terraform.tfvars wins over the default: the cluster is on 1.26
cluster_version      = "1.26"
bootstrap_extra_args = "--container-runtime=containerd"
