variable "eks_version" {
  default = "1.34"
}

variable "kube_proxy" {
  default = "v1.34.6-eksbuild.13"
}

variable "coredns" {
  default = "v1.13.2-eksbuild.11"
}
