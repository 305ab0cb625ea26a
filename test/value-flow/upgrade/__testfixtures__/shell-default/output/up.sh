#!/usr/bin/env bash
set -euo pipefail
: "${EKS_VERSION:=1.34}"
NAME=${NAME:-smoke}

cat <<YAML | eksctl create cluster -f -
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${NAME}
  region: eu-central-1
  version: "${EKS_VERSION}"
managedNodeGroups:
  - name: ng
    amiFamily: AmazonLinux2023
YAML
