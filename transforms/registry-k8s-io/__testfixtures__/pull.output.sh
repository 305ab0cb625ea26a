#!/bin/bash
# pre-pull images on the node
ctr -n k8s.io images pull registry.k8s.io/pause:3.6
docker pull "registry.k8s.io/kube-proxy:v1.26.0"
