#!/bin/bash
set -o errexit
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--max-pods=58 --seccomp-default'
/etc/eks/bootstrap.sh my-cluster \
  --b64-cluster-ca "$CA" \
  --apiserver-endpoint "$ENDPOINT" --kubelet-extra-args '--seccomp-default'
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args "$EXTRA_ARGS"
