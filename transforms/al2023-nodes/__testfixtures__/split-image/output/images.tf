# Graviton image for the batch launch template (Stapelverarbeitung ✓)
data "aws_ssm_parameter" "batch_ami" {
  name = "/aws/service/eks/optimized-ami/${local.k8s_minor}/amazon-linux-2023/arm64/standard/recommended/image_id"
}
