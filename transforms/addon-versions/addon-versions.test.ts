import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule, { ADDONS } from '.';

const AT = { target: '1.30', today: '2024-06-01' };

describe('addon-versions', () => {
  fixtureTests(__dirname, ['addon-versions'], { options: AT });

  test('every row of the table names its source and date, one build per add-on and version', () => {
    for (const r of ADDONS) {
      expect(r.version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    expect(new Set(ADDONS.map((r) => `${r.addon} ${r.kubernetes}`)).size).toBe(ADDONS.length);
    // kube-proxy builds follow their Kubernetes minor
    for (const r of ADDONS.filter((x) => x.addon === 'kube-proxy')) expect(r.version.startsWith(`v${r.kubernetes}.`)).toBe(true);
  });
});

const tf = (pin: string) => `module "eks" {\n  cluster_version = "1.30"\n  cluster_addons = {\n    coredns = {\n      addon_version = "${pin}"\n    }\n  }\n}\n`;

new RuleTester({ options: AT }).run('addon-versions (RuleTester)', rule, {
  valid: [
    { name: '--addons off leaves pins alone', filename: 'main.tf', code: tf('v1.10.1-eksbuild.7'), options: { addons: 'off' } },
    { name: 'already the newest known build', filename: 'main.tf', code: tf('v1.11.4-eksbuild.40') },
    { name: 'a cluster two minors behind: the hops come first', filename: 'main.tf', code: tf('v1.10.1-eksbuild.7').replace('"1.30"', '"1.28"') },
  ],
  invalid: [
    { name: '--addons latest-known moves an older build of the same line', filename: 'main.tf', code: tf('v1.11.1-eksbuild.4'), options: { addons: 'latest-known' }, output: tf('v1.11.4-eksbuild.40'), errors: [{ messageId: 'moved', line: 5 }] },
    { name: 'compatible (the default) warns about it', filename: 'main.tf', code: tf('v1.11.1-eksbuild.4'), output: null, errors: [{ messageId: 'older', severity: 'warning', message: /2026-11-30.*describe-addon-versions --addon-name coredns --kubernetes-version 1\.30/ }] },
  ],
});

// a cluster EKS auto-upgraded past the version written (1.30 → 1.32 on 2026-12-06): its loose pins move with the hop
new RuleTester({ options: { target: '1.33', today: '2026-12-06' } }).run('addon-versions: pins of an auto-upgraded cluster', rule, {
  valid: [],
  invalid: [
    {
      name: 'a coredns input beside a 1.30 module (Versionen ✓, CRLF)', filename: 'main.tf',
      code: '# Versionen ✓\r\nmodule "eks" {\r\n  source          = "terraform-aws-modules/eks/aws"\r\n  cluster_version = "1.30"\r\n}\r\n\r\ninputs = {\r\n  eks_addon_coredns_version = "v1.11.1-eksbuild.4"\r\n}\r\n',
      output: '# Versionen ✓\r\nmodule "eks" {\r\n  source          = "terraform-aws-modules/eks/aws"\r\n  cluster_version = "1.30"\r\n}\r\n\r\ninputs = {\r\n  eks_addon_coredns_version = "v1.12.4-eksbuild.18"\r\n}\r\n',
      errors: [{ messageId: 'moved', line: 8 }],
    },
  ],
});
