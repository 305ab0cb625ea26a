locals {
  region    = "eu-west-1"
  eks_minor = "1.33" # the control plane of this region
}
