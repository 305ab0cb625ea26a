# a module's own code: the version comes from whoever calls it
variable "cluster_version" {
  type = string
}

resource "aws_eks_cluster" "this" {
  name    = "x"
  version = var.cluster_version
}

variable "other_version" {
  default = "1.26"
}

variable "conflict" {
  default = "1.26"
}

resource "aws_eks_cluster" "conflicting" {
  name    = "y"
  version = var.conflict
}
