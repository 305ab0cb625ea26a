variable "minor" {}

data "aws_ssm_parameter" "image" {
  name = "/aws/service/eks/optimized-ami/${var.minor}/amazon-linux-2/recommended/image_id"
}

resource "aws_launch_template" "workers" {
  name_prefix = "legacy-"
  image_id    = data.aws_ssm_parameter.image.value
}
