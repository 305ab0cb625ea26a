module "cluster" {
  source  = "./modules/cluster"
  version_wanted = var.release
}

variable "release" {
  default = "1.32"
}
