/**
 * version-notices: what a hop changes that is not a rewrite: v1 Endpoints deprecated (1.33), containerd 2 on AL2023
 * AMIs (1.33), cgroup v1 refused by kubelet (1.35), kube-proxy IPVS mode deprecated (1.35). Findings only; each
 * once the upgrade reaches its version. See README.md beside this file.
 */
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { hclKeyedValues, yamlKeyedValues } from '../../src/eks/pins';
import { nodeConfigDocs, nodeConfigsIn, textSites } from '../../src/eks/sites';
import { compareVersions } from '../../src/eks/versions';
import { k8sObjects, objectLabel } from '../../src/k8s/manifests';
import type { HclNode } from '../../src/parsers/hcl';
import { isScalar, valueAt } from '../../src/parsers/yaml';
import type { Range } from '../../src/util/range';

const AL2 = /^(AL2_(x86_64|ARM_64|x86_64_GPU)|AmazonLinux2)$/;
/** Where static Pod manifests live: kubelet's staticPodPath on EKS AMIs and most images (a node image's rootfs copy too). */
const STATIC_POD_DIR = /(^|[\\/])etc[\\/]kubernetes[\\/]manifests[\\/]/;

/** The API objects a Pod spec references that kubelet 1.34 refuses in a static Pod, as `what (name)`. */
function apiReferences(spec: unknown): string[] {
  const out: string[] = [];
  const name = (m: unknown, key = 'name') => String((isScalar(valueAt(m, key)) ? (valueAt(m, key) as { value: unknown }).value : '') ?? '');
  const items = (v: unknown): unknown[] => (v && typeof v === 'object' && 'items' in v ? (v as { items: unknown[] }).items : []);
  const sa = valueAt(spec, 'serviceAccountName');
  if (isScalar(sa) && sa.value && sa.value !== 'default') out.push(`ServiceAccount ${String(sa.value)}`);
  for (const v of items(valueAt(spec, 'volumes'))) {
    if (valueAt(v, 'configMap')) out.push(`ConfigMap ${name(valueAt(v, 'configMap'))}`);
    if (valueAt(v, 'secret')) out.push(`Secret ${name(valueAt(v, 'secret'), 'secretName')}`);
    if (valueAt(v, 'persistentVolumeClaim')) out.push(`PersistentVolumeClaim ${name(valueAt(v, 'persistentVolumeClaim'), 'claimName')}`);
    if (valueAt(v, 'csi')) out.push('a CSI volume');
    for (const src of items(valueAt(valueAt(v, 'projected'), 'sources'))) {
      if (valueAt(src, 'configMap')) out.push(`ConfigMap ${name(valueAt(src, 'configMap'))}`);
      if (valueAt(src, 'secret')) out.push(`Secret ${name(valueAt(src, 'secret'))}`);
      if (valueAt(src, 'clusterTrustBundle')) out.push('a ClusterTrustBundle');
    }
  }
  for (const c of [...items(valueAt(spec, 'containers')), ...items(valueAt(spec, 'initContainers'))]) {
    for (const e of items(valueAt(c, 'envFrom'))) {
      if (valueAt(e, 'configMapRef')) out.push(`ConfigMap ${name(valueAt(e, 'configMapRef'))}`);
      if (valueAt(e, 'secretRef')) out.push(`Secret ${name(valueAt(e, 'secretRef'))}`);
    }
    for (const e of items(valueAt(c, 'env'))) {
      const from = valueAt(e, 'valueFrom');
      if (valueAt(from, 'configMapKeyRef')) out.push(`ConfigMap ${name(valueAt(from, 'configMapKeyRef'))}`);
      if (valueAt(from, 'secretKeyRef')) out.push(`Secret ${name(valueAt(from, 'secretKeyRef'))}`);
    }
  }
  if (items(valueAt(spec, 'resourceClaims')).length) out.push('a ResourceClaim');
  return [...new Set(out)];
}
const IPVS = /\bmode["']?\s*[:=]\s*["']?ipvs\b/;

function create(ctx: RuleContext) {
  const reached = (v: string) => (compareVersions(v, ctx.options.target) ?? 1) <= 0;
  const text = ctx.file.text;
  const say = (range: Range, messageId: string, data: Record<string, string> = {}, severity: 'manual' | 'warning' = 'warning') =>
    ctx.report({ range, severity, messageId, data: { target: ctx.options.target, ...data } });

  /** containerd config in a NodeConfig: written for containerd 1.x (config version 2) it needs checking on containerd 2. */
  const containerd = (root: unknown, toRaw: (i: number) => number) => {
    const cfg = valueAt(valueAt(valueAt(root, 'spec'), 'containerd'), 'config');
    if (!isScalar(cfg) || typeof cfg.value !== 'string' || !cfg.range) return;
    if (!/version\s*=\s*2\b|io\.containerd\.grpc\.v1\.cri/.test(cfg.value)) return;
    say([toRaw(cfg.range[0]), toRaw(cfg.range[0])], 'containerd2');
  };

  return {
    yaml: async (docs: readonly Document.Parsed[]) => {
      for (const o of k8sObjects(docs)) {
        const at = (o.map as { range?: [number, number] }).range ?? [0, 0];
        if (reached('1.33') && o.kind === 'Endpoints' && o.apiVersion === 'v1') say([at[0], at[0]], 'endpoints', { label: objectLabel(o) });
        // a static Pod (a manifest in kubelet's staticPodPath) may not reference API objects from 1.34
        if (reached('1.34') && o.kind === 'Pod' && STATIC_POD_DIR.test(ctx.file.path)) {
          const refs = apiReferences(valueAt(o.map, 'spec'));
          if (refs.length) say([at[0], at[0]], 'staticPodReferences', { label: objectLabel(o), refs: refs.join(', ') }, 'manual');
        }
        if (reached('1.35') && (o.kind === 'KubeProxyConfiguration' || (o.kind === 'ConfigMap' && /kube-proxy/.test(objectLabel(o))))) {
          const m = IPVS.exec(text.slice(at[0], at[1]));
          if (m) say([at[0] + m.index, at[0] + m.index + m[0].length], 'ipvs', { where: objectLabel(o) });
        }
      }
      if (reached('1.33')) {
        for (const n of nodeConfigDocs(text, docs)) containerd(n.root, (i) => i);
        for (const s of await textSites(ctx, 'yaml', docs)) for (const n of nodeConfigsIn(s.view)) containerd(n.root, (i) => n.view.toRaw(i));
      }
      if (reached('1.35')) {
        for (const k of yamlKeyedValues(docs, text, /^amiFamily$/)) if (AL2.test(k.value)) say(k.range, 'cgroupV1', { what: `amiFamily: ${k.value}` }, 'manual');
        for (const k of yamlKeyedValues(docs, text, /^configurationValues$/)) if (IPVS.test(k.value)) say(k.range, 'ipvs', { where: 'configurationValues' });
      }
    },
    hcl: async (root: HclNode) => {
      if (!reached('1.33')) return;
      for (const s of await textSites(ctx, 'hcl', root)) {
        for (const n of nodeConfigsIn(s.view)) containerd(n.root, (i) => n.view.toRaw(i));
        if (reached('1.35') && /systemd\.unified_cgroup_hierarchy=0/.test(s.text)) {
          const i = s.view.text.indexOf('systemd.unified_cgroup_hierarchy=0');
          say([s.view.toRaw(i), s.view.toRaw(i + 34)], 'cgroupV1', { what: 'systemd.unified_cgroup_hierarchy=0' }, 'manual');
        }
      }
      if (!reached('1.35')) return;
      for (const k of hclKeyedValues(root, text, /^ami_type$/)) if (AL2.test(k.value)) say(k.range, 'cgroupV1', { what: `ami_type = "${k.value}"` }, 'manual');
      for (const k of hclKeyedValues(root, text, /^mode$/)) if (k.value === 'ipvs' && /kube-proxy|kube_proxy/.test(text)) say(k.range, 'ipvs', { where: 'kube-proxy configuration' });
    },
    text: () => {
      if (!reached('1.35')) return;
      for (const m of text.matchAll(/systemd\.unified_cgroup_hierarchy=0/g)) say([m.index ?? 0, (m.index ?? 0) + m[0].length], 'cgroupV1', { what: m[0] }, 'manual');
    },
  };
}


const rule: RuleModule = {
  meta: {
    id: 'version-notices',
    title: 'Report what 1.33, 1.34 and 1.35 change on nodes and in manifests',
    description:
      'Findings, not edits: v1 Endpoints deprecated (1.33), containerd 2 on AL2023 AMIs for a NodeConfig containerd config ' +
      'written for config version 2 (1.33), kubelet refusing cgroup v1 (1.35: AL2 nodes, systemd.unified_cgroup_hierarchy=0), ' +
      'kube-proxy IPVS mode deprecated (1.35), static Pods that reference API objects (denied by kubelet from 1.34).',
    version: '1.33',
    versions: ['1.33', '1.34', '1.35'],
    fixable: false,
    docs: 'transforms/version-notices/README.md',
    triggers: { yaml: ['Endpoints', 'containerd', 'amiFamily', 'ipvs', 'configMap', 'secret', 'persistentVolumeClaim', 'serviceAccountName', 'csi:', 'clusterTrustBundle', 'resourceClaims'], hcl: ['containerd', 'ami_type', 'ipvs', 'unified_cgroup_hierarchy'], text: ['unified_cgroup_hierarchy'] },
    kinds: ['yaml', 'hcl', 'text'],
    messages: {
      endpoints: '{{label}}: the v1 Endpoints API is deprecated from 1.33 (reads and writes warn); EndpointSlice (discovery.k8s.io/v1) replaces it',
      containerd2: 'this NodeConfig containerd config is written for containerd 1.x (config version 2, io.containerd.grpc.v1.cri): AL2023 AMIs for 1.33+ run containerd 2; nodeadm migrates version 2 configs, but check the plugin sections (version 3 names them io.containerd.cri.v1.*) and drop settings containerd 2 removed',
      cgroupV1: '{{what}}: kubelet 1.35 refuses to start on cgroup v1 (failCgroupV1 defaults to true); move these nodes to a cgroup v2 OS (AL2023, Bottlerocket), or set failCgroupV1: false in the kubelet config until then',
      ipvs: 'kube-proxy IPVS mode ({{where}}) is deprecated from 1.35; plan the move to iptables or nftables mode',
      staticPodReferences: '{{label}} is a static Pod (kubelet staticPodPath) that references {{refs}}: from 1.34 kubelet denies admission to static Pods that reference API objects (ConfigMaps, Secrets, ServiceAccounts, PVCs, …; the PreventStaticPodAPIReferences opt-out goes in 1.37), so this Pod will not start; put the values in the manifest or on the node (hostPath), or run it as a DaemonSet',
    },
  },
  create,
};

export default rule;
