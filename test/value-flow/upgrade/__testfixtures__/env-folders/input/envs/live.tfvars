# Zahlungsverkehr – Produktion
stage          = "live"
kube_line      = "1.33"
node_ami       = "1.33.5-20251120"
kube_proxy_pin = "v1.33.10-eksbuild.13"
