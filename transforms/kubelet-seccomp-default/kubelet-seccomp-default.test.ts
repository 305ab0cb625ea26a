import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('kubelet-seccomp-default', () => {
  fixtureTests(__dirname, ['kubelet-seccomp-default']);
});

const eksctl = (v: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: "${v}"\nnodeGroups:\n  - name: ng\n    kubeletExtraConfig:\n      maxPods: 20\n`;

// the settings belong to the 1.27 hop: a cluster past it, on its way further, is not asked again
new RuleTester({ options: { today: '2026-11-30' } }).run('kubelet-seccomp-default: the hop it belongs to', rule, {
  valid: [
    { name: 'a 1.32 cluster going to 1.33', filename: 'c.yaml', code: eksctl('1.32'), options: { target: '1.33' } },
    { name: 'a 1.33 cluster already at the target', filename: 'c.yaml', code: eksctl('1.33'), options: { target: '1.33' } },
  ],
  invalid: [
    { name: 'a 1.26 cluster going to 1.27', filename: 'c.yaml', code: eksctl('1.26'), options: { target: '1.27' }, output: eksctl('1.26') + '      seccompDefault: true\n', errors: [{ messageId: 'changed' }] },
    { name: 'a 1.29 cluster and a 1.27 target: no upgrade of it, the settings go in', filename: 'c.yaml', code: eksctl('1.29'), options: { target: '1.27' }, output: eksctl('1.29') + '      seccompDefault: true\n', errors: [{ messageId: 'changed' }] },
  ],
});
