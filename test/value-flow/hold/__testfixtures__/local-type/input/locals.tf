locals {
  node_image = "AL2_ARM_64"
}
