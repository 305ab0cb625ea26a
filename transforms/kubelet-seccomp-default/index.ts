/**
 * kubelet-seccomp-default: turn on kubelet's seccomp defaulting (GA in 1.27). See README.md beside this file.
 */
import { KUBELET_KINDS, KUBELET_MESSAGES, KUBELET_TRIGGERS, kubeletRule } from '../../src/eks/kubelet-rule';
import { SECCOMP_DEFAULT } from '../../src/eks/kubelet';

export default kubeletRule({
  meta: {
    id: 'kubelet-seccomp-default',
    title: 'Turn on kubelet seccomp defaulting',
    description:
      'Sets kubelet seccompDefault: true (flag --seccomp-default; GA in 1.27): eksctl kubeletExtraConfig on unmanaged node groups, ' +
      'AL2023 NodeConfig, Terraform bootstrap_extra_args / kubelet_extra_args and bootstrap.sh calls. --no-seccomp-default turns it off.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/kubelet-seccomp-default/README.md',
    triggers: KUBELET_TRIGGERS,
    kinds: KUBELET_KINDS,
    messages: KUBELET_MESSAGES,
  },
  settings: SECCOMP_DEFAULT,
  what: 'seccompDefault',
  why: 'containers without a seccomp profile get RuntimeDefault (GA in 1.27); see the note in the summary',
  bottlerocket: 'settings.kubernetes.seccomp-default = true',
});
