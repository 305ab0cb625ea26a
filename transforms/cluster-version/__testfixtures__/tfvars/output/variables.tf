variable "k8s_version" {
  type    = string
  default = "1.25"
}
