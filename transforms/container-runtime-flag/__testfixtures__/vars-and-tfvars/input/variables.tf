variable "cluster_version" {
  type    = string
  default = "1.22"
}

variable "bootstrap_extra_args" {
  description = "Arguments for bootstrap.sh"
  type        = string
  default     = "--container-runtime containerd --kubelet-extra-args '--max-pods=20'"
}
