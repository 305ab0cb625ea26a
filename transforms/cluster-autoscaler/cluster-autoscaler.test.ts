import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import rule, { RELEASES } from '.';

describe('cluster-autoscaler', () => {
  fixtureTests(__dirname, ['cluster-autoscaler'], { options: { target: '1.30', today: '2024-06-01' } });

  test('every release in the table is of its own minor, with a source and a date', () => {
    for (const r of RELEASES) {
      expect(r.tag.startsWith(`v${r.kubernetes}.`)).toBe(true);
      expect(r.source.length).toBeGreaterThan(10);
      expect(r.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });
});

const img = (tag: string) => `containers:\n  - name: ca\n    image: registry.k8s.io/autoscaling/cluster-autoscaler:${tag}\n`;

new RuleTester({ options: { target: '1.36', today: '2026-11-30' } }).run('cluster-autoscaler (RuleTester)', rule, {
  valid: [{ name: 'not the autoscaler', filename: 'x.yaml', code: 'image: registry.k8s.io/kube-proxy:v1.35.0\n' }],
  invalid: [
    { name: 'no known release for the target: reported', filename: 'ca.yaml', code: img('v1.35.0'), output: null, errors: [{ messageId: 'unknown', severity: 'manual' }] },
  ],
});
