variable "eks_version" {
  default = "1.33"
}

variable "kube_proxy" {
  default = "v1.33.10-eksbuild.13"
}

variable "coredns" {
  default = "v1.12.4-eksbuild.18"
}
