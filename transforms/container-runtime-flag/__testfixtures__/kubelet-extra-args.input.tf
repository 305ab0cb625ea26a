locals {
  # kubelet 1.27 fails to start with --container-runtime: it must go from inside --kubelet-extra-args too
  mixed   = "--kubelet-extra-args '--container-runtime=remote --max-pods=20'"
  last    = "--kubelet-extra-args \"--max-pods=20 --container-runtime remote\""
  only    = "--b64-cluster-ca x --kubelet-extra-args '--container-runtime=remote'"
  both    = "--container-runtime containerd --kubelet-extra-args '--node-labels=a=b --container-runtime=remote --v=2'"
  keep    = "--kubelet-extra-args '--container-runtime-endpoint=unix:///run/containerd/containerd.sock'"
  kubelet_extra_args = "--max-pods=110 --container-runtime=remote"
}
