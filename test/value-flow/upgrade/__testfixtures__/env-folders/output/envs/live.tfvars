# Zahlungsverkehr – Produktion
stage          = "live"
kube_line      = "1.34"
node_ami       = "1.33.5-20251120"
kube_proxy_pin = "v1.34.6-eksbuild.13"
