# terraform.tfvars wins over the default (1.25), so the cluster is on 1.26
k8s_version = "1.26"
