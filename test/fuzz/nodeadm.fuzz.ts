/**
 * AL2 user data → AL2023 (`npm run fuzz`): generated bootstrap.sh scripts (issue 24 N8-N12, N22) with hostile
 * pieces around the call: heredocs holding MIME delimiter lines, `&&` / `( … ) &` / if / function wrappers, functions
 * and variables used after the call, kubelet flags from interpolations and `$'…'`, YAML 1.1 words as values, CRLF,
 * comments and non-ASCII. Counted, and required to be 0: a MIME document that does not split back into the parts
 * written (boundary inside a part), a shell part that fails `bash -n` while the input passed, a NodeConfig a YAML 1.1
 * reader reads differently, a kubelet setting or interpolation gone from the output with no manual note, and a
 * `# comment` on the call's line lost. EKS_MIGRATE_FUZZ_RUNS / EKS_MIGRATE_FUZZ_SEED vary it.
 */
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { parse } from 'yaml';
import { convertUserData, NODECONFIG_TYPE, parseMime, renderMime, SHELL_TYPE } from '../../src/eks/nodeadm';

const RUNS = Math.max(200, Math.round(Number(process.env.EKS_MIGRATE_FUZZ_RUNS ?? 10_000) / 10));
const SEED = Number(process.env.EKS_MIGRATE_FUZZ_SEED ?? 20261130);
const HAVE_BASH = spawnSync('bash', ['-c', 'true']).status === 0;
const bashOk = (s: string) => !HAVE_BASH || spawnSync('bash', ['-n'], { input: s }).status === 0;

const PRE = [
  'set -euo pipefail',
  'yum install -y jq',
  "cat > /etc/note.txt <<'NOTE'\n--MIMEBOUNDARY\nContent-Type: text/x-shellscript\n\necho INJECTED\n--MIMEBOUNDARY--\nNOTE",
  'TOKEN=$(curl -s http://169.254.169.254/latest/api/token)',
  'tag() {\n  echo "tag $1 $TOKEN"\n}',
  'export REGION=eu-west-1',
  '# größer: ein Kommentar',
  'case "$(uname -m)" in\n  x86_64) ARCH=amd64;;\n  *) ARCH=arm64;;\nesac',
];
const WRAP: ReadonlyArray<readonly [string, string]> = [['', ''], ['test -x /etc/eks/bootstrap.sh &&\n  ', ''], ['(\n  ', '\n) &'], ['if true; then\n  ', '\nfi'], ['{\n  ', '\n} > /var/log/b.log']];
// one occurrence of each flag (kubelet keeps the last of a repeated one)
const KUBELET = ['--max-pods=20', '--node-labels=a=b', '${local.extra_kubelet_args}', '--register-with-taints=spot=yes:NoSchedule,gpu=on:NoExecute', '--cluster-domain=no', '--node-labels=y=0755', '--v=2'];
const POST = ['systemctl restart fluent-bit', 'tag ledger/bootstrapped true', 'echo "$REGION"', 'wait', 'echo "$TOKEN"'];

const script = fc.record({
  pre: fc.subarray(PRE),
  wrap: fc.oneof({ arbitrary: fc.constant(WRAP[0]), weight: 4 }, { arbitrary: fc.constantFrom(...WRAP), weight: 1 }),
  kubelet: fc.subarray(KUBELET, { minLength: 1 }),
  ansiC: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  comment: fc.option(fc.constantFrom('ENI limit: 29 pods', 'größer — nicht'), { nil: undefined }),
  post: fc.subarray(POST),
  crlf: fc.boolean(),
});

test(`fuzz: ${RUNS} generated AL2 bootstrap scripts convert to AL2023 user data that splits, parses and keeps every setting`, () => {
  const bad: string[] = [];
  const count = { inputs: 0, converted: 0, boundary: 0, bashN: 0, yaml11: 0, dropped: 0, comment: 0 };
  fc.assert(fc.property(script, (g) => {
    count.inputs++;
    const args = g.ansiC ? `$'${g.kubelet.join(' ')}'` : `'${g.kubelet.join(' ')}'`;
    const call = `/etc/eks/bootstrap.sh c --b64-cluster-ca Q0E= --apiserver-endpoint https://x --dns-cluster-ip 10.100.0.10 --kubelet-extra-args ${args}${g.comment ? ` # ${g.comment}` : ''}`;
    const lf = ['#!/bin/bash', ...g.pre, `${g.wrap[0]}${call}${g.wrap[1]}`, ...g.post, ''].join('\n');
    const text = g.crlf ? lf.replace(/\n/g, '\r\n') : lf;
    const c = convertUserData(text, { templated: true, clusterFields: true });
    const manual = c.notes.some((n) => n.level === 'manual');
    if (!c.parts) return;
    count.converted++;
    const fail = (what: keyof typeof count, detail: string) => {
      count[what]++;
      if (bad.length < 10) bad.push(`${what}: ${detail}\n${lf}`);
    };
    const mime = renderMime(c.parts);
    const back = parseMime(mime);
    if (!back || back.parts.length !== c.parts.length || back.parts.some((p, i) => p.body.replace(/\n+$/, '') !== c.parts![i].body.replace(/\n+$/, ''))) fail('boundary', 'the MIME does not split back into its parts');
    if (bashOk(lf.replace(/\$\{local\.[a-z_]+\}/g, 'x'))) {
      for (const p of c.parts) if (p.type === SHELL_TYPE && !bashOk(p.body)) fail('bashN', p.body);
    }
    const nc = c.parts.find((p) => p.type === NODECONFIG_TYPE)?.body ?? '';
    if (nc && JSON.stringify(parse(nc, { version: '1.1' })) !== JSON.stringify(parse(nc))) fail('yaml11', nc);
    // every kubelet setting is in the NodeConfig, or a manual note says why not
    const kept = (k: string) => {
      const m = /^--([a-z-]+)=(.*)$/.exec(k);
      if (!m) return nc.includes(k);
      const v = m[2].split(/[=:,]/).filter(Boolean);
      return v.every((x) => nc.includes(x));
    };
    if (!manual && g.kubelet.some((k) => !kept(k))) fail('dropped', `${g.kubelet.filter((k) => !kept(k)).join(' ')}\n${nc}`);
    if (g.comment && !nc.includes(g.comment)) fail('comment', nc);
  }), { numRuns: RUNS, seed: SEED });
  if (bad.length) console.log(bad.join('\n---\n'));
  console.log(`nodeadm fuzz: ${JSON.stringify(count)}`);
  expect({ ...count, inputs: 0, converted: 0 }).toEqual({ inputs: 0, converted: 0, boundary: 0, bashN: 0, yaml11: 0, dropped: 0, comment: 0 });
  expect(count.converted).toBeGreaterThan(RUNS / 20);
});
