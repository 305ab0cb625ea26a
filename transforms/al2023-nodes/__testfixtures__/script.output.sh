#!/bin/bash
# AL2 user data rendered by templatefile() — ünïcode
set -e
export KUBELET_EXTRA_ARGS="--max-pods=40"
jq '.maxPods = 40' /etc/kubernetes/kubelet/kubelet-config.json > /tmp/k && mv /tmp/k /etc/kubernetes/kubelet/kubelet-config.json
/etc/eks/bootstrap.sh ${cluster_name} --b64-cluster-ca ${ca} --apiserver-endpoint ${endpoint}
