#!/bin/bash
/etc/eks/bootstrap.sh ${cluster_name} --container-runtime containerd ${bootstrap_extra_args}
