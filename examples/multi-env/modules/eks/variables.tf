variable "environment" {
  type = string
}

variable "cluster_version" {
  type    = string
  default = "1.26"

  validation {
    condition     = contains(["1.25", "1.26"], var.cluster_version)
    error_message = "Only versions tested in staging."
  }
}
