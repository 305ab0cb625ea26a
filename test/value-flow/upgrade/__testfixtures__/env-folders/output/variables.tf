variable "stage" {
  type = string
}

variable "kube_line" {
  type = string
}

variable "node_ami" {
  type = string
}

variable "kube_proxy_pin" {
  type = string
}
