/**
 * gitrepo-volumes: Kubernetes 1.36 disables the gitRepo volume plugin "with no option to turn it back on". Reports
 * every gitRepo volume of a pod template; nothing to rewrite safely. See README.md beside this file.
 */
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { k8sObjects, objectLabel, podTemplate } from '../../src/k8s/manifests';
import { isMap, isScalar, isSeq, scalarText, valueAt } from '../../src/parsers/yaml';

function create(ctx: RuleContext) {
  const docs = (list: readonly Document.Parsed[]) => {
    for (const o of k8sObjects(list)) {
      const pt = podTemplate(o);
      const volumes = valueAt(pt?.spec, 'volumes');
      if (!isSeq(volumes)) continue;
      for (const v of volumes.items) {
        if (!isMap(v)) continue;
        const pair = v.items.find((p) => isScalar(p.key) && p.key.value === 'gitRepo');
        const r = (pair?.key as { range?: [number, number] } | undefined)?.range;
        if (!pair || !r) continue;
        const repo = scalarText(valueAt(pair.value, 'repository'), ctx.file.text) ?? '';
        ctx.report({
          range: [r[0], r[1]], severity: 'manual', messageId: 'gitRepo',
          data: { label: objectLabel(o), volume: scalarText(valueAt(v, 'name'), ctx.file.text) ?? '?', repo: repo ? ` (${repo})` : '' },
        });
      }
    }
  };
  return { yaml: docs, json: docs };
}

const rule: RuleModule = {
  meta: {
    id: 'gitrepo-volumes',
    title: 'Report gitRepo volumes (disabled in 1.36)',
    description: 'Reports every gitRepo volume of a pod template: Kubernetes 1.36 disables the gitRepo volume plugin with no option to turn it back on.',
    version: '1.36',
    fixable: false,
    docs: 'transforms/gitrepo-volumes/README.md',
    triggers: { yaml: ['gitRepo'], json: ['gitRepo'] },
    kinds: ['yaml', 'json'],
    messages: {
      gitRepo: '{{label}}: volume {{volume}} is a gitRepo volume{{repo}}: Kubernetes 1.36 disables the gitRepo volume plugin with no option to turn it back on; clone the repository in an init container into an emptyDir volume instead',
    },
  },
  create,
};

export default rule;
