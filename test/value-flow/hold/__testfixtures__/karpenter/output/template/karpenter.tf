resource "kubectl_manifest" "spot_class" {
  yaml_body = templatefile("${path.module}/classes/spot.yaml.tpl", { role = "jobs-nodes" })
}
