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
