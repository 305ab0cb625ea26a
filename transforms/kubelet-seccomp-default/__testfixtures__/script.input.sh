#!/bin/bash
set -o errexit
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--max-pods=58'
/etc/eks/bootstrap.sh my-cluster \
  --b64-cluster-ca "$CA" \
  --apiserver-endpoint "$ENDPOINT"
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args "$EXTRA_ARGS"
