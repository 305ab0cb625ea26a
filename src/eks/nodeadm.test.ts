import { al2Only, convertUserData, nodeConfigProblems, nodeConfigYaml, parseMime, renderMime, shellLevel, translateArgs, translateCall, yaml11Ambiguous } from './nodeadm';
import { bootstrapCalls } from './bootstrap';
import { scanShell } from '../parsers/shell';
import { Document, parse, parseAllDocuments } from 'yaml';

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
    expect(m!.parts[2].body).toBe('#!/bin/bash\nset -e\necho done\n');
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

describe('nodeadm: issue 24 (N8-N12, N22)', () => {
  const tf = { templated: true, clusterFields: false };
  const manual = (c: { notes: ReadonlyArray<{ level: string; text: string }> }, re: RegExp) => c.notes.some((n) => n.level === 'manual' && re.test(n.text));

  test('N8: a part holding a line that starts with the boundary gets another boundary, and splits back into the same parts', () => {
    for (const eol of ['\n', '\r\n']) {
      const script = ['#!/bin/bash', "cat > /etc/note.txt <<'NOTE'", '--MIMEBOUNDARY', 'Content-Type: text/x-shellscript', '', 'echo INJECTED > /root/pwned', '--MIMEBOUNDARY_1--', 'NOTE', '/etc/eks/bootstrap.sh c --kubelet-extra-args --max-pods=9', ''].join(eol);
      const c = convertUserData(script, tf);
      const out = renderMime(c.parts!);
      expect(out).toMatch(/boundary="MIMEBOUNDARY_2"/);
      const m = parseMime(out)!;
      expect(m.parts.map((p) => p.type)).toEqual(['text/x-shellscript', 'application/node.eks.aws']);
      expect(m.parts[0].body).toContain('echo INJECTED > /root/pwned\n--MIMEBOUNDARY_1--\nNOTE\n');
    }
    // a MIME input keeps its boundary unless a part now holds it
    expect(renderMime([{ type: 'text/x-shellscript', body: 'echo é\n' }], 'B')).toMatch(/boundary="B"/);
    expect(renderMime([{ type: 'text/x-shellscript', body: 'echo x\n--B\n' }], 'B')).toMatch(/boundary="B_1"/);
  });

  test('N9: a kubelet argument that is not a flag (an interpolation, ANSI-C quoting, --flag${x}) is a manual note, not dropped', () => {
    expect(manual(convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=20 ${local.extra_kubelet_args}'\n", tf), /local\.extra_kubelet_args/)).toBe(true);
    expect(manual(convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '${var.kubelet_args}'\n", tf), /var\.kubelet_args/)).toBe(true);
    expect(manual(convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args $'--max-pods=20 --node-labels=a=b'\n", tf), /ANSI-C/)).toBe(true);
    expect(manual(convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--node-labels${x}'\n", tf), /node-labels/)).toBe(true);
    // terraform-aws-eks bootstrap_extra_args
    expect(manual(translateArgs("--kubelet-extra-args '--max-pods=110 ${var.extra_kubelet_args}'", tf), /var\.extra_kubelet_args/)).toBe(true);
    // flags and their values are still read
    const ok = convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=20 --node-labels a=b --v 2'\n", tf);
    expect(ok.notes.filter((n) => n.level === 'manual')).toEqual([]);
    expect(ok.nodeConfig).toMatchObject({ spec: { kubelet: { config: { maxPods: 20 }, flags: ['--node-labels=a=b', '--v=2'] } } });
  });

  test('N10: a call that is not a top-level simple command is manual (the parts would not parse)', () => {
    const bs = "/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=29'";
    for (const s of [
      `#!/bin/bash\ntest -x /etc/eks/bootstrap.sh &&\n  ${bs}\n`,
      `#!/bin/bash\ntest -x /etc/eks/bootstrap.sh ||\n  ${bs}\n`,
      `#!/bin/bash\n(\n  ${bs}\n) &\nwait\n`,
      `#!/bin/bash\n{\n  ${bs}\n} > /var/log/b.log\n`,
      `#!/bin/bash\nif true; then\n  ${bs}\nfi\n`,
      `#!/bin/bash\ncat > /x.sh <<EOF\n${bs}\nEOF\n`,
      `#!/bin/bash\r\nrun() {\r\n  ${bs}\r\n}\r\nrun\r\n`,
    ]) {
      const c = convertUserData(s, tf);
      expect([s, c.parts]).toEqual([s, undefined]);
      expect(manual(c, /larger shell command or block/)).toBe(true);
    }
    // inside a quoted string it is not a call at all
    expect(convertUserData(`#!/bin/bash\necho "a\n${bs}\n"\n`, tf).changed).toBe(false);
  });

  test('N10: steps after the call that use a function or variable defined before it are manual; set options carry over', () => {
    const bs = "/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=29'";
    const fn = convertUserData(`#!/bin/bash\nset -euo pipefail\nTOKEN=$(curl -s x)\ntag() {\n  aws ec2 create-tags --tags "Key=$1,Value=$TOKEN"\n}\n${bs}\ntag ledger/bootstrapped true\n`, tf);
    expect(fn.parts).toBeUndefined();
    expect(manual(fn, /tag\(\)/)).toBe(true);
    const v = convertUserData(`#!/bin/bash\nexport REGION=eu-west-1\n${bs}\naws s3 cp s3://b/x /x --region "$REGION"\n`, tf);
    expect(manual(v, /\$REGION/)).toBe(true);
    // nothing used from before: converted, and set -e holds in the part after the call too
    const ok = convertUserData(`#!/bin/bash\nset -euo pipefail\nLOCAL=1 # ünïcode\n${bs}\nsystemctl restart x\n`, tf);
    const m = parseMime(renderMime(ok.parts!))!;
    expect(m.parts.map((p) => p.body)).toEqual(['#!/bin/bash\nset -euo pipefail\nLOCAL=1 # ünïcode\n', expect.anything(), '#!/bin/bash\nset -euo pipefail\nsystemctl restart x\n']);
  });

  test('N10: shellLevel reads quotes, here-documents, case patterns and continuations', () => {
    expect(shellLevel('a && \\\n b\n')).toEqual({ open: false, underflow: false });
    expect(shellLevel('case $x in\n  a) echo ")";;\n  (b) echo b;;\nesac\n')).toEqual({ open: false, underflow: false });
    expect(shellLevel("cat <<-'E'\n\t(\n\tE\necho $(date) `id`\n").open).toBe(false);
    expect(shellLevel('echo it is time for a nap\n').open).toBe(false);
    expect(shellLevel('f() {\n  echo\n}\n').open).toBe(false);
    expect(shellLevel('a |\n').open).toBe(true);
    expect(shellLevel('echo \\\n').open).toBe(true);
    expect(shellLevel("echo 'x\n").open).toBe(true);
    expect(shellLevel(') &\nwait\n').underflow).toBe(true);
    expect(shellLevel('fi\n').underflow).toBe(true);
  });

  test('N11: cloud-config user data that runs bootstrap.sh is manual and left as it is; without a call it is unchanged', () => {
    const cc = "#cloud-config\npackages:\n  - amazon-cloudwatch-agent\nruncmd:\n  - |\n    /etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=29'\n";
    const c = convertUserData(cc, tf);
    expect(c.parts).toBeUndefined();
    expect(manual(c, /cloud-config/)).toBe(true);
    expect(c.notes[0].at).toBe(cc.indexOf('/etc/eks/bootstrap.sh'));
    expect(convertUserData('#cloud-config\nruncmd: [echo hi]\n', tf).changed).toBe(false);
    const mime = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/cloud-config\n\n' + cc + '\n--B--\n';
    const m = convertUserData(mime, tf);
    expect(m.parts).toBeUndefined();
    expect(manual(m, /text\/cloud-config/)).toBe(true);
  });

  test('N12: strings a YAML 1.1 reader takes for booleans, numbers or null are quoted in a NodeConfig', () => {
    const c = convertUserData("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--register-with-taints=spot=yes:NoSchedule,gpu=on:NoExecute,a=Off:NoSchedule,b=0755:NoSchedule,c=1_000:NoSchedule,d=~:NoSchedule --cluster-domain=no --node-labels=y=n'\n", tf);
    const body = c.parts!.find((p) => p.type === 'application/node.eks.aws')!.body;
    const v11 = parse(body, { version: '1.1' });
    const v12 = parse(body);
    expect(v11).toEqual(v12);
    expect(v12.spec.kubelet.config.registerWithTaints.map((t: { value: string }) => t.value)).toEqual(['yes', 'on', 'Off', '0755', '1_000', '~']);
    expect(v12.spec.kubelet.config.clusterDomain).toBe('no');
    // plain where both read a string (the output stays as before)
    for (const s of ['10.100.0.10', 'cluster.local', 'NoSchedule', 'v1.2', 'yesterday', '1.2.3']) expect([s, yaml11Ambiguous(s)]).toEqual([s, false]);
    for (const s of ['yes', 'N', 'OFF', 'null', '', '0x1F', '0b101', '1:20', '.5', '1e3', '2026-01-02', '<<', '=']) expect([s, yaml11Ambiguous(s)]).toEqual([s, true]);
  });

  test('N22: a # comment on the bootstrap.sh line is kept above the NodeConfig (CRLF, non-ASCII)', () => {
    const c = convertUserData("#!/bin/bash\r\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods=29' # ENI limit of m6i.large: 29 pods — größer nicht\r\n", tf);
    const body = c.parts!.find((p) => p.type === 'application/node.eks.aws')!.body;
    expect(body).toMatch(/^---\n# ENI limit of m6i\.large: 29 pods — größer nicht\napiVersion: node\.eks\.aws\/v1alpha1\n/);
    expect(nodeConfigProblems(parse(body))).toEqual([]);
    expect(nodeConfigYaml({ kubelet: { config: { maxPods: 1 } } })).not.toMatch(/#/);
  });
});
