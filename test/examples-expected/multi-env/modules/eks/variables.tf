variable "environment" {
  type = string
}

variable "cluster_version" {
  type    = string
  default = "1.27"

  validation {
    condition     = contains(["1.25", "1.26", "1.27"], var.cluster_version)
    error_message = "Only versions tested in staging."
  }
}
