/**
 * eksctl-container-runtime: drop eksctl's `containerRuntime` field and runtime keys in `kubeletExtraConfig`.
 * See README.md beside this file.
 */
import type { Document } from 'yaml';
import { isClusterConfig, nodeGroups, type NodeGroupEntry } from '../../src/eks/eksctl';
import { eksctlClusterVersion } from '../../src/eks/version-surface';
import { knownOlderThan } from '../../src/eks/cluster-version';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { isMap, isScalar, pairDeletion, pairOf, type Pair, type YNode } from '../../src/parsers/yaml';

const RUNTIME_KEYS = ['containerRuntime', 'container-runtime'];

const label = (ng: NodeGroupEntry) => (ng.kind === 'nodeGroupDefaults' ? 'nodeGroupDefaults' : `${ng.kind}[${ng.name ?? '?'}]`);

function shown(text: string, p: Pair): string {
  const k = (p.key as YNode).range!;
  const v = (p.value as YNode | null)?.range;
  return text.slice(k[0], v ? v[1] : k[1]).replace(/\s+/g, ' ');
}

function run(ctx: RuleContext, docs: readonly Document.Parsed[]): void {
  const text = ctx.file.text;
  for (const doc of docs) {
    if (!isClusterConfig(doc)) continue;
    const cluster = eksctlClusterVersion(doc, text);
    const version = cluster.value;
    const old = knownOlderThan(cluster, '1.24');
    for (const ng of nodeGroups(doc)) {
      const managed = ng.kind === 'managedNodeGroups';
      const field = pairOf(ng.map, 'containerRuntime');
      if (field) {
        const range: [number, number] = [(field.key as YNode).range![0], (field.value as YNode | null)?.range?.[1] ?? (field.key as YNode).range![1]];
        const value = isScalar(field.value) ? String(field.value.value) : '';
        // a map left with nothing would change meaning (null): leave that to a person
        const del = ng.map.items.length > 1 ? pairDeletion(text, ng.map, field) : undefined;
        if (old && !managed) {
          ctx.report({ range, severity: 'manual', messageId: 'keptField', data: { shown: shown(text, field), label: label(ng), version: version ?? '' } });
        } else if (!del) {
          ctx.report({ range, severity: 'manual', messageId: 'fieldByHand', data: { shown: shown(text, field), label: label(ng) } });
        } else {
          const why = managed
            ? 'eksctl never allowed containerRuntime on managed node groups (strict loading rejects it)'
            : /^docker/.test(value)
              ? `${value} is rejected from 1.24, where containerd is the only runtime`
              : 'containerd is the only runtime from 1.24 and 1.27 removed the runtime flag it set';
          ctx.report({ range, messageId: 'removedField', data: { shown: shown(text, field), label: label(ng), why }, fix: { range: del, text: '' } });
        }
      }

      const kecPair = pairOf(ng.map, 'kubeletExtraConfig');
      const kec = kecPair?.value;
      if (!kecPair || !isMap(kec)) continue;
      const keys = kec.items.filter((p) => isScalar(p.key) && RUNTIME_KEYS.includes(String(p.key.value)));
      if (!keys.length) continue;
      const range: [number, number] = [(keys[0].key as YNode).range![0], (keys[0].key as YNode).range![1]];
      const what = keys.map((p) => `\`${shown(text, p)}\``).join(', ');
      if (old) {
        ctx.report({ range, severity: 'manual', messageId: 'keptKeys', data: { what, label: label(ng), version: version ?? '' } });
        continue;
      }
      const all = keys.length === kec.items.length;
      const dels = all ? [ng.map.items.length > 1 ? pairDeletion(text, ng.map, kecPair) : undefined] : keys.map((p) => pairDeletion(text, kec, p));
      if (dels.some((d) => !d)) {
        ctx.report({ range, severity: 'manual', messageId: 'keysByHand', data: { what, label: label(ng) } });
        continue;
      }
      ctx.report({
        range,
        messageId: 'removedKeys',
        data: { what, label: label(ng), all: all ? ' (nothing else was in it, so kubeletExtraConfig goes too)' : '' },
        fix: dels.map((d) => ({ range: d!, text: '' })),
      });
    }
  }
}

const rule: RuleModule = {
  meta: {
    id: 'eksctl-container-runtime',
    title: 'Drop containerRuntime from eksctl node groups',
    description:
      'Deletes containerRuntime from eksctl nodeGroups, managedNodeGroups (where the schema never allowed it) and nodeGroupDefaults, ' +
      'and container-runtime / containerRuntime keys under kubeletExtraConfig (an emptied kubeletExtraConfig goes too).',
    version: '1.27',
    fixable: true,
    runsAfter: ['kubelet-seccomp-default', 'kubelet-api-qps'],
    docs: 'transforms/eksctl-container-runtime/README.md',
    triggers: ['containerRuntime', 'container-runtime'],
    kinds: ['yaml'],
    messages: {
      keptField: "kept `{{shown}}` on {{label}}: the cluster is at {{version}}, where eksctl's default runtime is dockerd; remove it once the cluster runs 1.24 or later",
      fieldByHand: 'remove `{{shown}}` from {{label}} by hand (eks-migrate cannot delete it here without reshaping the file)',
      removedField: 'removed `{{shown}}` from {{label}}: {{why}}',
      keptKeys: 'kept {{what}} in {{label}}.kubeletExtraConfig: the cluster is at {{version}}; remove it once the cluster runs 1.24 or later',
      keysByHand: 'remove {{what}} from {{label}}.kubeletExtraConfig by hand',
      removedKeys: 'removed {{what}} from {{label}}.kubeletExtraConfig{{all}}: it is not a KubeletConfiguration field; the runtime was a kubelet flag, removed in 1.27',
    },
  },
  create(ctx) {
    return { yaml: (docs) => run(ctx, docs) };
  },
};

export default rule;
