locals {
  region    = "us-east-1"
  eks_minor = "1.34"
}
