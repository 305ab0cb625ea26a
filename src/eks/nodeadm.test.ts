import { al2Only, convertUserData, nodeConfigProblems, parseMime, renderMime, translateCall } from './nodeadm';
import { bootstrapCalls } from './bootstrap';
import { scanShell } from '../parsers/shell';
import { Document, parseAllDocuments } from 'yaml';

const nodeConfigOf = (text: string) => {
  const m = parseMime(text);
  expect(m).toBeDefined();
  const part = m!.parts.find((p) => p.type === 'application/node.eks.aws');
  return part ? (parseAllDocuments(part.body)[0] as Document).toJS() : undefined;
};
const call = (args: string, o = { templated: true, clusterFields: false }) => {
  const t = `/etc/eks/bootstrap.sh ${args}`;
  const c = bootstrapCalls(scanShell(t))[0];
  return translateCall(t, c.words, c.script, o);
};

describe('nodeadm: bootstrap.sh → NodeConfig', () => {
  test('cluster fields, DNS, typed kubelet settings, flags', () => {
    const r = call("prod --apiserver-endpoint https://x --b64-cluster-ca Q0E= --service-ipv4-cidr 10.100.0.0/16 --dns-cluster-ip 10.100.0.10 --kubelet-extra-args '--max-pods=20 --register-with-taints=a=b:NoSchedule,c:NoExecute --eviction-hard=memory.available<1Gi --node-labels=x=y --v=2'", { templated: true, clusterFields: true });
    expect(r.notes.filter((n) => n.level === 'manual')).toEqual([]);
    expect(r.spec).toEqual({
      cluster: { name: 'prod', apiServerEndpoint: 'https://x', certificateAuthority: 'Q0E=', cidr: '10.100.0.0/16' },
      kubelet: {
        config: { clusterDNS: ['10.100.0.10'], maxPods: 20, registerWithTaints: [{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }], evictionHard: { 'memory.available': '1Gi' } },
        flags: ['--node-labels=x=y', '--v=2'],
      },
    });
    expect(nodeConfigProblems({ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: r.spec })).toEqual([]);
  });
  test('Terraform interpolations stay; shell variables cannot be read', () => {
    expect(call('${var.name} --kubelet-extra-args "--max-pods=${var.pods}"', { templated: true, clusterFields: false }).spec).toEqual({ kubelet: { flags: ['--max-pods=${var.pods}'] } });
    const r = call('$NAME --kubelet-extra-args "$ARGS"', { templated: false, clusterFields: false });
    expect(r.notes.filter((n) => n.level === 'manual').length).toBe(2);
  });
  test('dropped flags get a note; unknown ones are manual', () => {
    const r = call('c --container-runtime containerd --pause-container-account 1 --mystery 1');
    expect(r.notes.filter((n) => n.level === 'info' && /dropped/.test(n.text)).map((n) => n.text)).toEqual([expect.stringMatching(/--container-runtime dropped/), expect.stringMatching(/--pause-container-account dropped/)]);
    expect(r.notes.filter((n) => n.level === 'manual').map((n) => n.text)).toEqual([expect.stringMatching(/--mystery/)]);
  });
  test('a custom AMI without endpoint and CA: manual (nodeadm does not call DescribeCluster)', () => {
    expect(call('c', { templated: true, clusterFields: true }).notes.some((n) => n.level === 'manual' && /apiserver-endpoint/.test(n.text))).toBe(true);
  });
  test('managed groups: EKS node labels are dropped', () => {
    const r = call("c --kubelet-extra-args '--node-labels=eks.amazonaws.com/nodegroup=a,team=x'", { templated: true, clusterFields: false, managed: true } as never);
    expect(r.spec).toEqual({ kubelet: { flags: ['--node-labels=team=x'] } });
  });
});

describe('nodeadm: user data', () => {
  test('a script: steps before stay first, the NodeConfig, then the steps after', () => {
    const c = convertUserData('#!/bin/bash\nset -e\nyum install -y x\n/etc/eks/bootstrap.sh c --kubelet-extra-args --max-pods=9\necho done\n', { templated: true, clusterFields: false });
    const m = parseMime(renderMime(c.parts!));
    expect(m!.parts.map((p) => p.type)).toEqual(['text/x-shellscript', 'application/node.eks.aws', 'text/x-shellscript']);
    expect(m!.parts[0].body).toBe('#!/bin/bash\nset -e\nyum install -y x\n');
    expect(m!.parts[2].body).toBe('#!/bin/bash\necho done\n');
    expect(c.notes.some((n) => n.level === 'warning')).toBe(true);
  });
  test('MIME in, MIME out: other parts and the boundary kept', () => {
    const input = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/cloud-config\n\n#cloud-config\nruncmd: []\n\n--B\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args \'--max-pods=7\'\n\n--B--\n';
    const c = convertUserData(input, { templated: false, clusterFields: false });
    const out = renderMime(c.parts!, c.boundary);
    expect(out).toMatch(/boundary="B"/);
    expect(parseMime(out)!.parts.map((p) => p.type)).toEqual(['text/cloud-config', 'application/node.eks.aws']);
    expect(nodeConfigOf(out)).toEqual({ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: { kubelet: { config: { maxPods: 7 } } } });
  });
  test('no bootstrap call: unchanged', () => {
    expect(convertUserData('#!/bin/bash\necho hi\n', { templated: true, clusterFields: false }).changed).toBe(false);
  });
  test('KUBELET_EXTRA_ARGS and kubelet-config.json edits: manual, with the NodeConfig they stand for', () => {
    const c = convertUserData("export KUBELET_EXTRA_ARGS='--max-pods=5'\njq '.maxPods = 5' /etc/kubernetes/kubelet/kubelet-config.json\n/etc/eks/bootstrap.sh c\n", { templated: true, clusterFields: false });
    expect(c.parts).toBeUndefined();
    expect(c.notes.filter((n) => n.level === 'manual').map((n) => n.text)).toEqual([expect.stringMatching(/maxPods: 5/), expect.stringMatching(/maxPods: 5/)]);
  });
  test('jq edits of kubelet-config.json before the call move into kubelet.config (mv on the next line or after &&); the call\'s flags win', () => {
    for (const jq of [
      "jq '.maxPods=110 | .containerLogMaxSize=\"50Mi\"' /etc/kubernetes/kubelet/kubelet-config.json > /tmp/kc.json\nmv /tmp/kc.json /etc/kubernetes/kubelet/kubelet-config.json\n",
      "jq -c '.maxPods = 110 | .containerLogMaxSize = \"50Mi\"' /etc/kubernetes/kubelet/kubelet-config.json > kc.new && mv -f kc.new /etc/kubernetes/kubelet/kubelet-config.json\n",
    ]) {
      const c = convertUserData(`#!/bin/bash\r\nset -e\n# Größe der Logs\n${jq}/etc/eks/bootstrap.sh c --kubelet-extra-args '--container-log-max-size=10Mi'\n`, { templated: true, clusterFields: false });
      expect(c.parts?.map((p) => p.type)).toEqual(['application/node.eks.aws']);
      expect(nodeConfigOf(renderMime(c.parts!)).spec).toEqual({ kubelet: { config: { maxPods: 110, containerLogMaxSize: '10Mi' } } });
    }
  });
  test('a jq filter that is not plain assignments, or whose output is not moved back, stays a manual note', () => {
    for (const jq of ["jq '.maxPods += 10' /etc/kubernetes/kubelet/kubelet-config.json > t\nmv t /etc/kubernetes/kubelet/kubelet-config.json\n", "jq '.maxPods = 10' /etc/kubernetes/kubelet/kubelet-config.json > t\n"]) {
      const c = convertUserData(`${jq}/etc/eks/bootstrap.sh c\n`, { templated: true, clusterFields: false });
      expect(c.parts).toBeUndefined();
      expect(c.notes.some((n) => n.level === 'manual' && /kubelet-config\.json/.test(n.text))).toBe(true);
    }
  });
  test('AL2-only lines without a bootstrap call: USE_MAX_PODS, sed into bootstrap.sh, a KUBELET_EXTRA_ARGS drop-in', () => {
    const notes = al2Only("export USE_MAX_PODS=false\nsed -i '/^set -o errexit/a source /etc/x.sh' /etc/eks/bootstrap.sh\nEnvironment='KUBELET_EXTRA_ARGS=--container-log-max-files=10 --container-log-max-size=100Mi'\n/etc/eks/bootstrap.sh c\n");
    expect(notes.map((n) => n.text)).toEqual([
      expect.stringMatching(/USE_MAX_PODS.*maxPods/), expect.stringMatching(/bootstrap\.sh, which AL2023 does not run/),
      expect.stringMatching(/drop-in.*containerLogMaxFiles: 10, containerLogMaxSize: 100Mi/),
    ]);
  });
  test('a bootstrap call inside an if block, or run twice: manual', () => {
    expect(convertUserData('if true; then\n  /etc/eks/bootstrap.sh c\nfi\n', { templated: true, clusterFields: false }).parts).toBeUndefined();
    expect(convertUserData('/etc/eks/bootstrap.sh c\n/etc/eks/bootstrap.sh c\n', { templated: true, clusterFields: false }).parts).toBeUndefined();
  });
  test('malformed MIME: manual', () => {
    expect(convertUserData('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/x-shellscript\n\n/etc/eks/bootstrap.sh c\n', { templated: true, clusterFields: false }).parts).toBeUndefined();
  });
  test('the schema check finds a misplaced field', () => {
    expect(nodeConfigProblems({ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: { kubelet: { maxPods: 3 } } }).join()).toMatch(/maxPods/);
  });
});
