/**
 * Every rule eks-migrate has, one line each. The order matters where two rules' edits overlap: the rule listed
 * first wins and the other runs again on the result (kubelet settings go into a bootstrap_extra_args before the
 * container-runtime rule decides whether anything is left of it).
 */
import { KNOWN_RULES } from '../src/engine/process';
import type { RuleModule } from '../src/engine/rule';
import clusterVersion from './cluster-version';
import containerRuntimeFlag from './container-runtime-flag';
import eksctlContainerRuntime from './eksctl-container-runtime';
import kubeletApiQps from './kubelet-api-qps';
import kubeletSeccompDefault from './kubelet-seccomp-default';
import registryK8sIo from './registry-k8s-io';
import removedApis from './removed-apis';
import seccompAnnotations from './seccomp-annotations';

export const RULES: readonly RuleModule[] = [
  clusterVersion,
  kubeletSeccompDefault,
  kubeletApiQps,
  containerRuntimeFlag,
  eksctlContainerRuntime,
  seccompAnnotations,
  registryK8sIo,
  removedApis,
];

for (const r of RULES) KNOWN_RULES.add(r.meta.id);
