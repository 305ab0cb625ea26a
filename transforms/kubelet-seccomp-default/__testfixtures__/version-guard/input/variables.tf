variable "cluster_version" {
  default = "1.25"
}
