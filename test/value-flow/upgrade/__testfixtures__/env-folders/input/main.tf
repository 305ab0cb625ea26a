# payments platform: one state per environment (terraform plan -var-file=envs/<env>.tfvars)
module "eks" {
  source = "./modules/eks"

  name          = "payments-${var.stage}"
  control_plane = var.kube_line
  node_release  = var.node_ami
  proxy_build   = var.kube_proxy_pin
}
