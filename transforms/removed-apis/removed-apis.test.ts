import { fixtureTests } from '../../test/helpers/fixtures';
import { RuleTester } from '../../test/helpers/rule-tester';
import { moveApiVersion, type ApiMove } from '../../src/k8s/api-moves';
import rule, { MOVES, moveFor } from '.';

describe('removed-apis', () => {
  fixtureTests(__dirname, ['removed-apis']);

  test('only removals at or before the target apply', () => {
    expect(moveFor('batch/v1beta1', 'CronJob', '1.24')).toBeUndefined();
    expect(moveFor('batch/v1beta1', 'CronJob', '1.25')?.to).toBe('batch/v1');
    expect(moveFor('storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.26')).toBeUndefined();
  });

  test('every move names a removal version, a replacement or why there is none, a source and an as-of date', () => {
    for (const m of MOVES) {
      expect(m.removedIn).toMatch(/^1\.\d+$/);
      expect(Boolean(m.to) || Boolean(m.gone)).toBe(true);
      expect(m.source.length).toBeGreaterThan(10);
      expect(m.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });
});

const cronJob = (v: string, eol = '\n') => [`apiVersion: ${v}`, 'kind: CronJob', 'metadata:', '  name: nightly # 夜間', ''].join(eol);

new RuleTester().run('removed-apis (RuleTester)', rule, {
  valid: [
    { name: 'not removed yet at the target', filename: 'cron.yaml', code: cronJob('batch/v1beta1'), options: { target: '1.24' } },
    { name: 'already moved', filename: 'cron.yaml', code: cronJob('batch/v1') },
    { name: "a CRD's own version name", filename: 'crd.yaml', code: 'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\n' },
  ],
  invalid: [
    { name: 'plain move (CRLF, non-ASCII comment)', filename: 'cron.yaml', code: cronJob('batch/v1beta1', '\r\n'), output: cronJob('batch/v1', '\r\n'), errors: [{ messageId: 'moved', line: 1, column: 13 }] },
    { name: 'quoted', filename: 'cron.yaml', code: cronJob('"batch/v1beta1"'), output: cronJob('"batch/v1"'), errors: [{ messageId: 'moved' }] },
    { name: 'single-quoted', filename: 'cron.yaml', code: cronJob("'batch/v1beta1'"), output: cronJob("'batch/v1'"), errors: [{ messageId: 'moved' }] },
    {
      name: 'a move that needs a person names the fields',
      filename: 'hpa.yaml',
      code: 'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  metrics: []\n',
      output: null,
      errors: [{ messageId: 'byHand', severity: 'manual', message: /spec\.metrics/ }],
    },
    {
      name: 'a reference inside an object (HPA scaleTargetRef) that names a removed version is reported',
      filename: 'hpa.yaml',
      code: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef:\n    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: api\n',
      output: null,
      errors: [{ messageId: 'reference', line: 6, severity: 'manual', message: /scaleTargetRef.*extensions\/v1beta1.*apps\/v1/ }],
    },
    { name: 'PodSecurityPolicy has no replacement', filename: 'psp.yaml', code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n', output: null, errors: [{ messageId: 'gone' }] },
    {
      name: 'Terraform kubernetes_manifest',
      filename: 'main.tf',
      code: 'resource "kubernetes_manifest" "c" {\n  manifest = {\n    apiVersion = "batch/v1beta1"\n    kind       = "CronJob"\n  }\n}\n',
      output: 'resource "kubernetes_manifest" "c" {\n  manifest = {\n    apiVersion = "batch/v1"\n    kind       = "CronJob"\n  }\n}\n',
      errors: [{ messageId: 'moved', line: 3, column: 19 }],
    },
  ],
});

// the factory's field renames, on a row of its own
const RENAME: ApiMove = {
  from: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['PriorityLevelConfiguration'], to: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.29',
  renames: [{ path: ['spec', 'limited'], from: 'assuredConcurrencyShares', to: 'nominalConcurrencyShares' }],
  source: 'test', asOf: '2026-11-30',
};
const renaming = moveApiVersion([RENAME], { meta: { ...rule.meta, id: 'rename-test' } });
const plc = (v: string, key: string) => `apiVersion: ${v}\nkind: PriorityLevelConfiguration\nmetadata: {name: p}\nspec:\n  type: Limited\n  limited:\n    ${key}: 30 # shares\n`;

new RuleTester({ options: { target: '1.29' } }).run('moveApiVersion renames fields', renaming, {
  valid: [{ filename: 'plc.yaml', code: plc('flowcontrol.apiserver.k8s.io/v1', 'nominalConcurrencyShares') }],
  invalid: [
    {
      filename: 'plc.yaml',
      code: plc('flowcontrol.apiserver.k8s.io/v1beta2', 'assuredConcurrencyShares'),
      output: plc('flowcontrol.apiserver.k8s.io/v1', 'nominalConcurrencyShares'),
      errors: [{ messageId: 'movedRenamed', ruleId: 'rename-test' }],
    },
    {
      name: 'in Terraform the fields cannot be read: reported',
      filename: 'main.tf',
      code: 'resource "kubernetes_manifest" "p" {\n  manifest = {\n    apiVersion = "flowcontrol.apiserver.k8s.io/v1beta2"\n    kind       = "PriorityLevelConfiguration"\n  }\n}\n',
      output: null,
      errors: [{ messageId: 'byHand', ruleId: 'rename-test', message: /nominalConcurrencyShares/ }],
    },
  ],
});

// early moves: deprecated at the target, its replacement served, not yet removed
const fs3 = (v: string) => `apiVersion: flowcontrol.apiserver.k8s.io/${v}\nkind: FlowSchema\nmetadata:\n  name: ci # CI-Läufer\nspec:\n  matchingPrecedence: 2000\n`;
new RuleTester({ options: { target: '1.30', today: '2024-06-01' } }).run('removed-apis: early moves', rule, {
  valid: [
    { name: '--no-early-api-moves leaves a deprecated version', filename: 'fs.yaml', code: fs3('v1beta3'), options: { earlyApiMoves: false } },
    { name: 'not yet deprecated at the target', filename: 'fs.yaml', code: fs3('v1beta3'), options: { target: '1.28' } },
  ],
  invalid: [
    { name: 'v1beta3 → v1 at 1.30 (removed in 1.32)', filename: 'fs.yaml', code: fs3('v1beta3'), output: fs3('v1'), errors: [{ messageId: 'movedEarly', message: /deprecated from 1\.29 and removed in 1\.32 \(not yet at 1\.30\)/ }] },
  ],
});

// GA promotions of 1.28–1.37: the object moves in the hop that serves v1 (early), before its beta version is removed
const vac = (v: string, eol = '\n') => [`apiVersion: ${v}`, 'kind: VolumeAttributesClass', 'metadata:', '  name: gp3-fast # schnell', 'driverName: ebs.csi.aws.com', 'parameters:', '  iops: "6000"', ''].join(eol);
new RuleTester({ options: { target: '1.34', today: '2026-12-06' } }).run('removed-apis: GA promotions of 1.28–1.37', rule, {
  valid: [
    { name: 'VolumeAttributesClass v1beta1 stays before 1.34 (v1 not served yet)', filename: 'vac.yaml', code: vac('storage.k8s.io/v1beta1'), options: { target: '1.33' } },
    { name: 'already v1', filename: 'vac.yaml', code: vac('storage.k8s.io/v1') },
    {
      name: 'a DRA ResourceClaim v1beta1 (removed in 1.38) needs its device requests rewritten for v1: no early move',
      filename: 'claim.yaml',
      code: 'apiVersion: resource.k8s.io/v1beta1\nkind: ResourceClaim\nmetadata: {name: gpu}\nspec:\n  devices:\n    requests:\n      - name: g\n        deviceClassName: gpu.example.com\n',
    },
    { name: 'a PersistentVolumeClaim that names the class is left as written', filename: 'pvc.yaml', code: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: db}\nspec:\n  volumeAttributesClassName: gp3-fast\n' },
  ],
  invalid: [
    { name: 'VolumeAttributesClass storage.k8s.io/v1beta1 → v1 at 1.34 (CRLF, comment)', filename: 'vac.yaml', code: vac('storage.k8s.io/v1beta1', '\r\n'), output: vac('storage.k8s.io/v1', '\r\n'), errors: [{ messageId: 'movedEarly', line: 1, message: /removed in 1\.37.*storage\.k8s\.io\/v1\b/ }] },
    { name: 'quoted', filename: 'vac.yaml', code: vac("'storage.k8s.io/v1beta1'"), output: vac("'storage.k8s.io/v1'"), errors: [{ messageId: 'movedEarly' }] },
    {
      name: 'ValidatingAdmissionPolicy v1beta1 → v1 (GA in 1.30, removed in 1.34)',
      filename: 'vap.yaml',
      code: 'apiVersion: admissionregistration.k8s.io/v1beta1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations: []\n',
      output: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations: []\n',
      errors: [{ messageId: 'moved', message: /removed in 1\.34/ }],
    },
    {
      name: 'ServiceCIDR networking.k8s.io/v1beta1 → v1 (v1 since 1.33)',
      filename: 'cidr.yaml',
      code: 'apiVersion: networking.k8s.io/v1beta1\nkind: ServiceCIDR\nmetadata: {name: extra}\nspec:\n  cidrs: ["10.96.0.0/16"]\n',
      output: 'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: extra}\nspec:\n  cidrs: ["10.96.0.0/16"]\n',
      errors: [{ messageId: 'movedEarly' }],
    },
  ],
});
