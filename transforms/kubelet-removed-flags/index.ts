/**
 * kubelet-removed-flags: kubelet flags removed from 1.24 on (a kubelet that gets one fails to start), from every
 * node bootstrap site. The flags are rows of data/kubelet-flags.json; `--container-runtime` (1.27) keeps its own
 * rule, container-runtime-flag, for what only it has. See README.md beside this file.
 */
import { REMOVED_FLAGS, removeKubeletFlags } from '../../src/eks/kubelet-flags';

const ROWS = REMOVED_FLAGS.filter((r) => r.flag !== '--container-runtime');
const FLAGS = ROWS.map((r) => r.flag);
const FIRST = ROWS.map((r) => r.removedIn).sort()[0];

export default removeKubeletFlags(ROWS, {
  meta: {
    id: 'kubelet-removed-flags',
    title: 'Remove kubelet flags that Kubernetes removed',
    description:
      `Removes ${FLAGS.join(', ')} (with their values, in every spelling) from Terraform bootstrap_extra_args / ` +
      'kubelet_extra_args, bootstrap.sh calls in user data and templates, eksctl bootstrap commands, NodeConfig ' +
      'spec.kubelet.flags and systemd kubelet units and drop-ins, once the upgrade reaches the version that removed each.',
    version: FIRST,
    versions: ROWS.map((r) => r.removedIn),
    fixable: true,
    runsAfter: ['kubelet-seccomp-default', 'kubelet-api-qps', 'container-runtime-flag'],
    docs: 'transforms/kubelet-removed-flags/README.md',
    triggers: { hcl: FLAGS, tfjson: FLAGS, yaml: FLAGS, text: FLAGS },
    kinds: ['hcl', 'tfjson', 'yaml', 'text'],
  },
});
