# self-managed workers: the image comes from data.tf
resource "aws_launch_template" "workers" {
  name_prefix = "workers-"
  image_id    = nonsensitive(data.aws_ssm_parameter.ami.value)
  user_data = base64encode(<<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh prod --apiserver-endpoint ${endpoint} --b64-cluster-ca ${ca} --kubelet-extra-args '--max-pods=58'
  EOT
  )
}

# an image from a parameter that is not AL2: nothing to say
resource "aws_launch_template" "other" {
  name_prefix = "other-"
  image_id    = data.aws_ssm_parameter.bottlerocket.value
}
