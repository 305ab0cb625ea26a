/** Every rule eks-migrate has, one line each, in the order they run. */
import type { RuleModule } from '../src/engine/rule';
import containerRuntimeFlag from './container-runtime-flag';
import eksctlContainerRuntime from './eksctl-container-runtime';

export const RULES: readonly RuleModule[] = [
  containerRuntimeFlag,
  eksctlContainerRuntime,
];
