stage          = "qa"
kube_line      = "1.34"
node_ami       = "1.34.2-20251112"
kube_proxy_pin = "v1.34.6-eksbuild.13"
