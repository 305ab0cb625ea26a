variable "kubernetes" {
  default = "1.33"
}

# the autoscaler's minor follows the control plane
variable "autoscaler_image" {
  default = "v1.33.2"
}
