/**
 * Every rule eks-migrate has, one import each. Where two rules' edits overlap, the order comes from the rules' own
 * meta.runsAfter (kubelet settings go into a bootstrap_extra_args before the container-runtime rule decides whether
 * anything is left of it); this list only says which rules there are, in the order `eks-migrate rules` shows them.
 */
import type { RuleModule } from '../src/eks/context';
import addonVersions from './addon-versions';
import al2023Nodes from './al2023-nodes';
import apparmorAnnotations from './apparmor-annotations';
import clusterAutoscaler from './cluster-autoscaler';
import clusterVersion from './cluster-version';
import containerRuntimeFlag from './container-runtime-flag';
import eksctlContainerRuntime from './eksctl-container-runtime';
import gitrepoVolumes from './gitrepo-volumes';
import kubeletApiQps from './kubelet-api-qps';
import kubeletRemovedFeatureGates from './kubelet-removed-feature-gates';
import kubeletRemovedFlags from './kubelet-removed-flags';
import kubeletSeccompDefault from './kubelet-seccomp-default';
import nodeAmiVersion from './node-ami-version';
import registryK8sIo from './registry-k8s-io';
import removedApis from './removed-apis';
import seccompAnnotations from './seccomp-annotations';
import versionNotices from './version-notices';

export const RULES: readonly RuleModule[] = [
  clusterVersion,
  addonVersions,
  nodeAmiVersion,
  clusterAutoscaler,
  kubeletSeccompDefault,
  kubeletApiQps,
  containerRuntimeFlag,
  kubeletRemovedFlags,
  kubeletRemovedFeatureGates,
  eksctlContainerRuntime,
  seccompAnnotations,
  apparmorAnnotations,
  registryK8sIo,
  removedApis,
  gitrepoVolumes,
  al2023Nodes,
  versionNotices,
];

/**
 * Steps of a journey that are no rule of a normal run: the deletion of drained AL2 node groups beside their AL2023
 * replacements (its own commit, after the drain, before the hop to 1.33).
 */
export { cleanup as AL2_CLEANUP } from './al2023-nodes/cleanup';
