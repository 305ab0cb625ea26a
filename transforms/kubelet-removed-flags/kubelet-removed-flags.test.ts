import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule from '.';

describe('kubelet-removed-flags', () => {
  fixtureTests(__dirname, ['kubelet-removed-flags'], { options: { target: '1.35', today: '2026-11-30' } });
});

const args = (a: string) => `locals {\n  kubelet_extra_args = "${a}"\n}\n`;

new RuleTester({ options: { target: '1.31', today: '2025-06-01' } }).run('kubelet-removed-flags (RuleTester)', rule, {
  valid: [
    { name: 'at 1.31, the 1.34 and 1.35 flags stay', filename: 'main.tf', code: args('--cloud-config=/etc/x --pod-infra-container-image=p:3.5') },
    { name: 'a longer flag name', filename: 'main.tf', code: args('--iptables-drop-bit-x=1') },
  ],
  invalid: [
    { name: 'a 1.31 flag goes, the others stay', filename: 'main.tf', code: args('--iptables-masquerade-bit 14 --cloud-config=/etc/x'), output: args('--cloud-config=/etc/x'), errors: [{ messageId: 'removed', message: /1\.31/ }] },
    { name: 'the flag was all: the string empties', filename: 'main.tf', code: args('--keep-terminated-pod-volumes'), output: args(''), errors: [{ messageId: 'removed' }] },
  ],
});

// flags removed from 1.24 on: dockershim's (1.24), the legacy klog flags (1.26, boolean ones among them)
const unit = (flags: string, eol = '\n') => ['# Kubelet-Drop-in ✓', '[Service]', 'ExecStart=', `ExecStart=/usr/bin/kubelet ${flags} $KUBELET_ARGS`, ''].join(eol);
const userData = (extra: string) => `#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args '${extra}'\n`;
new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('kubelet-removed-flags: 1.24–1.27', rule, {
  valid: [
    { name: 'at 1.25 the klog flags stay (removed in 1.26)', filename: 'kubelet.service.d/10.conf', code: unit('--logtostderr --log-dir=/var/log/k'), options: { target: '1.25', today: '2023-01-01' } },
    { name: '-v and --vmodule are kept', filename: 'kubelet.service.d/10.conf', code: unit('--v=2 --vmodule=x=3') },
  ],
  invalid: [
    {
      name: 'a boolean flag takes no value: the argument after it stays (CRLF)',
      filename: 'kubelet.service.d/10.conf',
      code: unit('--v=2 --logtostderr', '\r\n'),
      output: unit('--v=2', '\r\n'),
      errors: [{ messageId: 'removed', message: /--logtostderr.*kubelet 1\.26/ }],
    },
    {
      name: 'dockershim flags in --kubelet-extra-args go with their values; labels stay',
      filename: 'user-data.sh',
      code: userData('--node-labels=team=data --network-plugin cni --cni-bin-dir=/opt/cni/bin'),
      output: userData('--node-labels=team=data'),
      errors: [{ messageId: 'removed', message: /1\.24/ }, { messageId: 'removed', message: /1\.24/ }],
    },
  ],
});

// klog's flags are every Kubernetes component's: only a node's kubelet flags go
new RuleTester({ options: { target: '1.36', today: '2026-12-06' } }).run('kubelet-removed-flags: other programs keep their flags', rule, {
  valid: [
    {
      name: 'cluster-autoscaler container args in a Deployment',
      filename: 'k8s/cluster-autoscaler.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ca}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ca\n          command:\n            - ./cluster-autoscaler\n            - --stderrthreshold=info\n            - --logtostderr=true\n',
    },
    { name: 'Helm values for a controller', filename: 'values.yaml', code: 'extraArgs:\n  - --logtostderr\n  - --v=4\n' },
    {
      name: 'a Terraform kubernetes_deployment',
      filename: 'main.tf',
      code: 'resource "kubernetes_deployment" "ca" {\n  spec {\n    template {\n      spec {\n        container {\n          args = ["--stderrthreshold=info", "--logtostderr"]\n        }\n      }\n    }\n  }\n}\n',
    },
  ],
  invalid: [
    {
      name: 'the same flag in a node group\'s kubelet_extra_args goes',
      filename: 'main.tf',
      code: 'locals {\n  kubelet_extra_args = "--logtostderr --max-pods=20"\n}\n',
      output: 'locals {\n  kubelet_extra_args = "--max-pods=20"\n}\n',
      errors: [{ messageId: 'removed' }],
    },
  ],
});
