/**
 * kubelet-api-qps: kubeAPIQPS 50 / kubeAPIBurst 100, the kubelet 1.27 defaults. See README.md beside this file.
 */
import { KUBELET_KINDS, KUBELET_MESSAGES, KUBELET_TRIGGERS, kubeletRule } from '../../src/eks/kubelet-rule';
import { API_QPS } from '../../src/eks/kubelet';

export default kubeletRule({
  meta: {
    id: 'kubelet-api-qps',
    title: 'Raise kubelet API QPS / burst to 50 / 100',
    description:
      'Sets kubeAPIQPS: 50 and kubeAPIBurst: 100 (flags --kube-api-qps=50 --kube-api-burst=100), the kubelet defaults from 1.27: ' +
      'adds them where missing, raises lower values, keeps higher ones, never writes one twice.',
    version: '1.27',
    fixable: true,
    runsAfter: ['kubelet-seccomp-default'],
    docs: 'transforms/kubelet-api-qps/README.md',
    triggers: KUBELET_TRIGGERS,
    kinds: KUBELET_KINDS,
    messages: KUBELET_MESSAGES,
  },
  settings: API_QPS,
  what: 'kubeAPIQPS / kubeAPIBurst',
  why: 'kubelet 1.27 defaults to 50 / 100 (5 / 10 before; the AL2 AMI wrote 10 / 20 up to 1.26), and a lower explicit value throttles kubelet',
  bottlerocket: 'settings.kubernetes.kube-api-qps = 50 and kube-api-burst = 100',
});
