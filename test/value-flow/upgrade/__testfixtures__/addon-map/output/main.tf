variable "minor" {}
variable "eks_addons" {
  type = map(object({ version = string }))
}

resource "aws_eks_cluster" "this" {
  name     = "ingest"
  version  = var.minor
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_eks_addon" "this" {
  for_each      = var.eks_addons
  cluster_name  = aws_eks_cluster.this.name
  addon_name    = each.key
  addon_version = each.value.version
}
