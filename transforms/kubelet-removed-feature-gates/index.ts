/**
 * kubelet-removed-feature-gates: feature gates that Kubernetes removed (kubelet refuses to start on an unknown gate),
 * from featureGates maps and --feature-gates lists at every node bootstrap site. The gates are rows of
 * data/feature-gates.json. See README.md beside this file.
 */
import { REMOVED_GATES, removeFeatureGates } from '../../src/eks/feature-gates';

const GATES = REMOVED_GATES.map((r) => r.gate);
const VERSIONS = REMOVED_GATES.map((r) => r.removedIn).sort();

export default removeFeatureGates(REMOVED_GATES, {
  meta: {
    id: 'kubelet-removed-feature-gates',
    title: 'Remove kubelet feature gates that Kubernetes removed',
    description:
      `Removes ${GATES.join(', ')} from eksctl kubeletExtraConfig.featureGates, NodeConfig spec.kubelet.config.featureGates and ` +
      '--feature-gates lists (keeping the other gates; an emptied map or flag goes), once the upgrade reaches the version that removed each.',
    version: VERSIONS[0],
    versions: VERSIONS,
    fixable: true,
    runsAfter: ['kubelet-seccomp-default', 'kubelet-api-qps', 'kubelet-removed-flags'],
    docs: 'transforms/kubelet-removed-feature-gates/README.md',
    triggers: { hcl: GATES, yaml: GATES, json: GATES, text: GATES },
    kinds: ['hcl', 'yaml', 'json', 'text'],
  },
});
