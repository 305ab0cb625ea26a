locals {
  # kubelet 1.27 fails to start with --container-runtime: it must go from inside --kubelet-extra-args too
  mixed   = "--kubelet-extra-args '--max-pods=20'"
  last    = "--kubelet-extra-args \"--max-pods=20\""
  only    = "--b64-cluster-ca x"
  both    = "--kubelet-extra-args '--node-labels=a=b --v=2'"
  keep    = "--kubelet-extra-args '--container-runtime-endpoint=unix:///run/containerd/containerd.sock'"
  kubelet_extra_args = "--max-pods=110"
}
