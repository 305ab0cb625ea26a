/**
 * container-runtime-flag: remove `--container-runtime` from everything that reaches bootstrap.sh or kubelet. The
 * flag's row is in data/kubelet-flags.json; this file adds what only this flag has: the runtime as an environment
 * variable (`CONTAINER_RUNTIME=`, terraform-aws-eks v17 `bootstrap_env`) and the Windows script's `-ContainerRuntime`.
 * See README.md beside this file.
 */
import { knownOlderThan } from '../../src/eks/cluster-version';
import { removedFlag, removeKubeletFlag } from '../../src/eks/kubelet-flags';
import { bootstrapEnvMaps } from '../../src/eks/sites';
import { asString, keyName, objectElems, valueOf } from '../../src/parsers/hcl';
import { entryLines } from '../../src/util/text';

const ROW = removedFlag('--container-runtime');
const DOCKER = /^docker/;

export default removeKubeletFlag(ROW, {
  meta: {
    id: 'container-runtime-flag',
    title: 'Remove --container-runtime from node bootstrap',
    description:
      'Kubernetes 1.27 removed kubelet\'s --container-runtime flag and EKS ignores the bootstrap.sh argument from 1.27. ' +
      'Removes it from Terraform bootstrap_extra_args, user-data heredocs and templates, --kubelet-extra-args, and eksctl bootstrap commands.',
    version: ROW.removedIn,
    fixable: true,
    runsAfter: ['kubelet-seccomp-default', 'kubelet-api-qps'],
    docs: 'transforms/container-runtime-flag/README.md',
    triggers: {
      hcl: [ROW.flag, 'CONTAINER_RUNTIME', 'bootstrap_extra_args', '-ContainerRuntime'],
      tfjson: [ROW.flag, 'CONTAINER_RUNTIME', 'bootstrap_extra_args'],
      yaml: [ROW.flag, 'CONTAINER_RUNTIME', 'bootstrap_extra_args', '-ContainerRuntime'],
      // any other file is a script only when it calls bootstrap.sh
      text: ['bootstrap.sh', ROW.flag],
    },
    kinds: ['hcl', 'tfjson', 'yaml', 'text'],
    messages: {
      envDocker: '{{label}} sets `{{setting}}`: bootstrap.sh exits 1 for dockerd from 1.24 (containerd is the only runtime); remove the setting',
      windows: '{{label}} passes `{{arg}}` to the Windows bootstrap script: containerd is the only runtime on EKS Windows nodes from 1.24{{fails}}; eks-migrate does not rewrite PowerShell, drop the argument by hand',
      envKept: 'kept `{{shown}}` in bootstrap_env: this cluster is at {{version}}, where bootstrap.sh still defaults to dockerd; remove it once the cluster runs 1.24 or later',
      envRemoved: 'removed `{{shown}}` from bootstrap_env{{only}}: {{why}}',
      envByHand: 'remove `{{shown}}` from bootstrap_env by hand: {{why}}',
    },
  },
  alsoScan: /EKSBootstrap|CONTAINER_RUNTIME=/,
  site: ({ site, inComment, report }) => {
    const text = site.view.text;
    for (const m of text.matchAll(/\bCONTAINER_RUNTIME=(["']?)(dockerd|docker)\1/g)) {
      const i = m.index ?? 0;
      if (!inComment(i)) report(i, i + m[0].length, { messageId: 'envDocker', data: { label: site.label, setting: m[0] } });
    }
    if (!/EKSBootstrap/.test(text)) return;
    for (const m of text.matchAll(/-ContainerRuntime\s+(["']?)([\w-]+)\1/g)) {
      const i = m.index ?? 0;
      const docker = DOCKER.test(m[2]);
      report(i, i + m[0].length, { messageId: 'windows', severity: docker ? 'manual' : 'warning', data: { label: site.label, arg: m[0], fails: docker ? ', so this value fails' : '' } });
    }
  },
  // terraform-aws-eks v17: bootstrap_env = { CONTAINER_RUNTIME = "containerd" }
  hcl: async (ctx, root) => {
    const text = ctx.file.text;
    for (const node of bootstrapEnvMaps(root)) {
      const elems = objectElems(valueOf(node));
      const cr = elems.find((e) => keyName(e) === 'CONTAINER_RUNTIME');
      if (!cr) continue;
      const value = asString(valueOf(cr), text)?.view.text;
      const version = await ctx.versionAt(cr.startIndex);
      const shown = `CONTAINER_RUNTIME = ${valueOf(cr)?.text.trim()}`;
      const range: [number, number] = [cr.startIndex, cr.endIndex];
      if (knownOlderThan(version, ROW.keptBelow!)) {
        ctx.report({ range, severity: 'manual', messageId: 'envKept', data: { shown, version: version.value ?? '' } });
        continue;
      }
      const lines = elems.length === 1 ? entryLines(text, node.startIndex, node.endIndex) : entryLines(text, cr.startIndex, cr.endIndex);
      const why = value === 'dockerd' || value === 'docker'
        ? 'dockerd is already fatal from 1.24 (bootstrap.sh exits 1)'
        : 'bootstrap.sh reads it as --container-runtime, which 1.27 no longer needs';
      if (!lines) {
        ctx.report({ range, severity: 'manual', messageId: 'envByHand', data: { shown, why } });
        continue;
      }
      ctx.report({ range, messageId: 'envRemoved', data: { shown, why, only: elems.length === 1 ? ' (it was the only entry, so bootstrap_env goes)' : '' }, fix: { range: lines, text: '' } });
    }
  },
});
