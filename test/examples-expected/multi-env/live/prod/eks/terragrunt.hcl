terraform {
  source = "git::https://git.example.com/platform/modules.git//eks?ref=v2.3.0"
}

inputs = {
  cluster_name                 = "payments-prod"
  eks_cluster_version          = "1.27"
  eks_addon_kube_proxy_version = "v1.27.16-eksbuild.41"
}
