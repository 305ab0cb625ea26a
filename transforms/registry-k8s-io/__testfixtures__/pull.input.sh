#!/bin/bash
# pre-pull images on the node
ctr -n k8s.io images pull k8s.gcr.io/pause:3.6
docker pull "k8s.gcr.io/kube-proxy:v1.26.0"
