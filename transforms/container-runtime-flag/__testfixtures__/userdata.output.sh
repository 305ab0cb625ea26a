#!/bin/bash
set -o errexit
# Bootstrap the node (MIME-free user data)
/etc/eks/bootstrap.sh "${CLUSTER_NAME}" \
  --apiserver-endpoint "${API_SERVER_URL}" \
  --b64-cluster-ca "${B64_CLUSTER_CA}" \
  ${ENABLE_LOCAL_OUTPOST:+--enable-local-outpost "${ENABLE_LOCAL_OUTPOST}"} \
  ${CLUSTER_ID:+--cluster-id "${CLUSTER_ID}"}
sed -i 's/--container-runtime dockerd//' /etc/eks/bootstrap.sh
