variable "kubernetes" {
  default = "1.34"
}

# the autoscaler's minor follows the control plane
variable "autoscaler_image" {
  default = "v1.34.2"
}
