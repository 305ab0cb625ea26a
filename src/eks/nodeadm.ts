/**
 * AL2 `bootstrap.sh` user data → AL2023 nodeadm: a bootstrap call becomes a `NodeConfig` (node.eks.aws/v1alpha1),
 * the user's own shell steps stay `text/x-shellscript` parts, and the whole is a MIME multipart document. The flag map
 * is data/al2023-bootstrap-flags.json. Pure text in, text out: the rule decides where the result goes.
 */
import { Document, visit } from 'yaml';
import table from '../../data/al2023-bootstrap-flags.json';
import nodeConfigCrd from '../../data/nodeadm-nodeconfig.crd.json';
import { scanShell, type Word } from '../parsers/shell';
import { bootstrapCalls, innerWords, parseOpts, wordText, type Opt } from './bootstrap';
import { crdValidator } from './crd';

export const NODECONFIG_TYPE = 'application/node.eks.aws';
export const SHELL_TYPE = 'text/x-shellscript';

/** One part of a MIME multipart user data. `headers` is the part's header block as written (without the blank line). */
export interface Part {
  readonly type: string;
  readonly headers?: string;
  readonly body: string;
}

/** Something the conversion says about the input; `at` is an offset into the text given (for a finding). */
export interface Note {
  readonly level: 'info' | 'warning' | 'manual';
  readonly text: string;
  readonly at?: number;
  readonly end?: number;
}

export interface ConvertOptions {
  /** `${…}` is a template interpolation (Terraform, templatefile) that stays as it is; otherwise it is a shell variable. */
  readonly templated: boolean;
  /** The node needs the four cluster fields (custom AMI, self-managed); EKS managed groups on EKS AMIs and Karpenter inject them. */
  readonly clusterFields: boolean;
  /** An EKS managed node group: EKS sets its eks.amazonaws.com/ labels itself. */
  readonly managed?: boolean;
  /** The cluster's service CIDR when the caller knows it. */
  readonly cidr?: string;
  /** kubelet configuration the script wrote into kubelet-config.json before the call (flags of the call win). */
  readonly baseConfig?: Readonly<Record<string, unknown>>;
}

export interface Conversion {
  /** The new user data parts, or undefined when it cannot be converted safely (see the manual notes). */
  readonly parts?: Part[];
  /** The NodeConfig written (undefined when none was needed). */
  readonly nodeConfig?: Record<string, unknown>;
  readonly notes: Note[];
  /** False when the user data had no bootstrap.sh call: it works on AL2023 as it is. */
  readonly changed: boolean;
  /** The input was a MIME document (its boundary, when it had one). */
  readonly boundary?: string;
}

interface BootstrapRow { flag: string; to?: string; type?: string; values?: Record<string, string>; note?: string; manual?: string; dropped?: string }
interface KubeletRow { flag: string; field: string; type: string }
const BOOTSTRAP = new Map((table.bootstrap as BootstrapRow[]).map((r) => [r.flag, r]));
const KUBELET = new Map((table.kubelet as KubeletRow[]).map((r) => [r.flag, r]));

// ---------------------------------------------------------------------------------------------------------------
// MIME

/** Parses a MIME multipart user data; undefined when it is not one (or is malformed). */
export function parseMime(text: string): { boundary: string; parts: Part[] } | undefined {
  const t = text.replace(/\r\n/g, '\n');
  if (!/^(MIME-Version|Content-Type):/i.test(t)) return undefined;
  const sep = t.indexOf('\n\n');
  if (sep < 0) return undefined;
  const head = t.slice(0, sep).replace(/\n[ \t]+/g, ' ');
  const ct = /^content-type:\s*multipart\/[^\n]*/im.exec(head)?.[0];
  const b = ct && /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(ct);
  if (!b) return undefined;
  const boundary = b[1] ?? b[2];
  const chunks: string[][] = [];
  let cur: string[] | undefined;
  let closed = false;
  for (const line of t.slice(sep + 2).split('\n')) {
    const l = line.replace(/[ \t]+$/, '');
    if (l === `--${boundary}--`) {
      if (cur) chunks.push(cur);
      closed = true;
      break;
    }
    if (l === `--${boundary}`) {
      if (cur) chunks.push(cur);
      cur = [];
      continue;
    }
    cur?.push(line);
  }
  if (!closed || !chunks.length) return undefined;
  const parts: Part[] = [];
  for (const lines of chunks) {
    const blank = lines.findIndex((l) => l.trim() === '');
    if (blank < 0) return undefined;
    const headers = lines.slice(0, blank).join('\n');
    const type = /^content-type:\s*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase();
    if (!type) return undefined;
    let body = lines.slice(blank + 1).join('\n');
    body = body.replace(/\n*$/, '\n'); // the blank line before the next delimiter belongs to the delimiter
    parts.push({ type, headers, body });
  }
  return { boundary, parts };
}

/**
 * A boundary no line of any part starts with (RFC 2046 5.1.1: the boundary must not occur in the encapsulated
 * text): `wanted`, else `wanted_1`, `wanted_2`, … A line of a part that began with the delimiter would end the part
 * there and start a new one, which cloud-init would run.
 */
export function safeBoundary(parts: readonly Part[], wanted = 'MIMEBOUNDARY'): string {
  const lines = parts.flatMap((p) => `${p.headers ?? ''}\n${p.body}`.split(/\r?\n|\r/));
  // a delimiter may be followed by blanks (and a CR); a line starting with --B also shadows every B_suffix
  const clash = (b: string) => lines.some((l) => l.startsWith(`--${b}`));
  if (!clash(wanted)) return wanted;
  for (let n = 1; ; n++) if (!clash(`${wanted}_${n}`)) return `${wanted}_${n}`;
}

/** A MIME multipart document of `parts` ('\n' line breaks), in `boundary` unless a part holds it (then another). */
export function renderMime(parts: readonly Part[], wanted = 'MIMEBOUNDARY'): string {
  const boundary = safeBoundary(parts, wanted);
  let out = `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${boundary}"\n\n`;
  for (const p of parts) {
    const headers = p.headers ?? (p.type === SHELL_TYPE ? `Content-Type: ${SHELL_TYPE}; charset="us-ascii"` : `Content-Type: ${p.type}`);
    out += `--${boundary}\n${headers}\n\n${p.body.endsWith('\n') ? p.body : `${p.body}\n`}\n`;
  }
  return `${out}--${boundary}--\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// NodeConfig

/**
 * Plain scalars a YAML 1.1 reader (go-yaml v2 behind sigs.k8s.io/yaml, PyYAML) does not read as a string: booleans
 * (yes, no, on, off, y, n), null, integers (octal 0755, 0x, 0b, 1_000, base 60), floats, timestamps, `=` and `<<`.
 */
const YAML11_NOT_STRING = new RegExp([
  '^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$',
  '^(?:~|null|Null|NULL|)$',
  '^[-+]?(?:0b[01_]+|0[0-7_]+|0o[0-7]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$',
  '^[-+]?(?:[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|\\.(?:inf|Inf|INF))$',
  '^\\.(?:nan|NaN|NAN)$',
  '^\\d{4}-\\d{1,2}-\\d{1,2}(?:(?:[Tt]|[ \\t]+)\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d*)?(?:[ \\t]*(?:Z|[-+]\\d{1,2}(?::\\d\\d)?))?)?$',
  '^(?:=|<<)$',
].join('|'));

/** True when a YAML 1.1 reader would not read `s`, written plain, as that string. */
export const yaml11Ambiguous = (s: string): boolean => YAML11_NOT_STRING.test(s);

/**
 * The YAML of a NodeConfig with `spec`, readable the same by YAML 1.1 and 1.2 readers (a string either would read as
 * something else is quoted). `comment` (the `# …` of the bootstrap.sh line) goes above it.
 */
export function nodeConfigYaml(spec: Record<string, unknown>, comment?: string): string {
  const doc = new Document({ apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && (!node.type || node.type === 'PLAIN') && yaml11Ambiguous(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  if (comment !== undefined && doc.contents) doc.contents.commentBefore = comment;
  return `---\n${doc.toString({ lineWidth: 0, minContentWidth: 0 })}`;
}

let validate: ((o: unknown) => string[]) | undefined;
/** Problems of a NodeConfig object against nodeadm's CRD ([] when it is valid). */
export function nodeConfigProblems(o: unknown): string[] {
  validate ??= crdValidator(nodeConfigCrd, 'v1alpha1');
  const r = o as { apiVersion?: unknown; kind?: unknown } | null;
  const p: string[] = [];
  if (r?.apiVersion !== 'node.eks.aws/v1alpha1') p.push(`apiVersion is ${String(r?.apiVersion)}`);
  if (r?.kind !== 'NodeConfig') p.push(`kind is ${String(r?.kind)}`);
  return [...p, ...validate(o)];
}

// ---------------------------------------------------------------------------------------------------------------
// One bootstrap.sh call

/** The value of a word: literal, or (templated text) the interpolation as written; undefined for shell variables. */
function wordValue(text: string, w: Word, templated: boolean): string | undefined {
  if (w.value !== undefined) return w.value;
  const raw = w.quote ? text.slice(w.quote.inner[0], w.quote.inner[1]) : text.slice(w.start, w.end);
  if (!templated) return undefined;
  // Terraform ${…} stays; $VAR, $(…), `…` and $${…} are the shell's, which a NodeConfig does not run
  const rest = raw.replace(/(?<!\$)\$\{[^}]*\}/g, '');
  if (/[$`]/.test(rest) || (!w.quote && /["']/.test(raw))) return undefined;
  return raw;
}

const dynamic = (v: string) => /\$\{/.test(v);

function typed(type: string, v: string): unknown {
  if (dynamic(v)) return undefined;
  const pairs = (sep: RegExp) => {
    const o: Record<string, string> = {};
    for (const item of v.split(',').filter(Boolean)) {
      const m = sep.exec(item);
      if (!m) return undefined;
      o[m[1].trim()] = m[2].trim();
    }
    return o;
  };
  switch (type) {
    case 'int': return /^\d+$/.test(v) ? Number(v) : undefined;
    case 'bool': return v === 'true' ? true : v === 'false' ? false : undefined;
    case 'string': return v;
    case 'stringList': return v.split(',').map((s) => s.trim()).filter(Boolean);
    case 'map': return pairs(/^([^=]+)=(.*)$/);
    case 'evictionMap': return pairs(/^([^<]+)<(.*)$/);
    case 'gates': {
      const o = pairs(/^([^=]+)=(true|false)$/);
      return o && Object.fromEntries(Object.entries(o).map(([k, x]) => [k, x === 'true']));
    }
    case 'taints': {
      const out: Array<Record<string, string>> = [];
      for (const item of v.split(',').filter(Boolean)) {
        const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(item.trim());
        if (!m) return undefined;
        out.push(m[2] === undefined ? { key: m[1], effect: m[3] } : { key: m[1], value: m[2], effect: m[3] });
      }
      return out;
    }
    default: return undefined;
  }
}

/** EKS sets these labels on a managed node group's nodes itself (and they name the AL2 group and image). */
const EKS_LABEL = /^eks\.amazonaws\.com\/(nodegroup|nodegroup-image|capacityType|sourceLaunchTemplateId|sourceLaunchTemplateVersion)=/;

interface CallResult {
  spec: Record<string, unknown>;
  notes: Note[];
}

function setPath(o: Record<string, unknown>, dotted: string, v: unknown) {
  const keys = dotted.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]] = v;
}

/** EKS picks one of two service CIDRs when none is given; the DNS address is its .10. */
const DEFAULT_CIDRS: Record<string, string> = { '172.20.0.10': '172.20.0.0/16', '10.100.0.10': '10.100.0.0/16' };

/** Translates a bootstrap.sh argument list written on its own (terraform-aws-eks bootstrap_extra_args). */
export function translateArgs(args: string, o: ConvertOptions): CallResult {
  const script = `/etc/eks/bootstrap.sh ${args}`;
  const call = bootstrapCalls(scanShell(script))[0];
  return call ? translateCall(script, call.words, call.script, o) : { spec: {}, notes: [] };
}

/** Text that AL2 user data conversion is about: a bootstrap.sh call, KUBELET_EXTRA_ARGS, kubelet-config.json. */
export const mentionsAl2Bootstrap = (text: string): boolean => /bootstrap\.sh|KUBELET_EXTRA_ARGS|kubelet-config\.json/.test(text);

/** Offset of the first bootstrap.sh call in a script, if there is one. */
export function firstBootstrapCall(text: string): number | undefined {
  return bootstrapCalls(scanShell(text))[0]?.words[0]?.start;
}

/** Translates one bootstrap.sh call (words[script] is the script) into a NodeConfig spec. */
export function translateCall(text: string, words: readonly Word[], script: number, o: ConvertOptions): CallResult {
  const notes: Note[] = [];
  const spec: Record<string, unknown> = {};
  const config: Record<string, unknown> = { ...(o.baseConfig ?? {}) };
  const flags: string[] = [];
  const cluster: Record<string, unknown> = {};
  const at = (w: Word) => ({ at: w.start, end: w.end });
  const opts = parseOpts(text, words, 'bootstrap', script + 1);
  const taken = new Set<number>();
  for (const op of opts) {
    taken.add(op.nameIdx);
    if (op.valueIdx !== undefined) taken.add(op.valueIdx);
  }
  const positional = words.slice(script + 1).map((w, i) => ({ w, i: i + script + 1 })).filter((x) => !taken.has(x.i));
  if (positional.length) {
    const v = wordValue(text, positional[0].w, o.templated);
    if (v === undefined) notes.push({ level: 'manual', text: `the cluster name \`${text.slice(positional[0].w.start, positional[0].w.end)}\` is a shell value, which a NodeConfig cannot read`, ...at(positional[0].w) });
    else cluster.name = v;
    for (const p of positional.slice(1)) notes.push({ level: 'manual', text: `bootstrap.sh argument \`${text.slice(p.w.start, p.w.end)}\` is not one eks-migrate knows`, ...at(p.w) });
  }
  const valueOf = (op: Opt): string | undefined => {
    if (op.isInline) return op.inline ?? wordValue(text, words[op.nameIdx], o.templated)?.replace(/^[^=]*=/, '');
    return op.valueIdx === undefined ? undefined : wordValue(text, words[op.valueIdx], o.templated);
  };
  let useMaxPods: string | undefined;
  for (const op of opts) {
    const w = words[op.nameIdx];
    const row = BOOTSTRAP.get(op.name);
    const shown = text.slice(w.start, words[op.valueIdx ?? op.nameIdx].end);
    if (!row) {
      notes.push({ level: 'manual', text: `bootstrap.sh option ${op.name} has no NodeConfig equivalent eks-migrate knows`, ...at(w) });
      continue;
    }
    if (row.dropped) {
      notes.push({ level: 'info', text: `${op.name} dropped: ${row.dropped}`, ...at(w) });
      continue;
    }
    if (row.manual) {
      notes.push({ level: 'manual', text: `${op.name} ${row.manual}`, ...at(w) });
      continue;
    }
    const v = valueOf(op);
    if (v === undefined) {
      notes.push({ level: 'manual', text: `\`${shown}\` takes its value from the shell, which a NodeConfig cannot read`, ...at(w) });
      continue;
    }
    if (row.type === 'kubeletArgs') {
      const vw = op.valueIdx !== undefined ? words[op.valueIdx] : undefined;
      const inner = vw && innerWords(text, vw);
      if (!inner) {
        notes.push({ level: 'manual', text: `--kubelet-extra-args \`${shown}\` is not a literal list of kubelet flags`, ...at(w) });
        continue;
      }
      kubeletArgs(text, inner.words, o, config, flags, notes);
      continue;
    }
    if (op.name === '--use-max-pods') {
      useMaxPods = v;
      continue;
    }
    if (row.type === 'enum') {
      const e = row.values?.[v.toLowerCase()];
      if (!e) notes.push({ level: 'manual', text: `${op.name} ${v} has no NodeConfig equivalent`, ...at(w) });
      else setPath(spec, row.to!, e);
      continue;
    }
    const t = row.type === 'stringList' ? [v] : row.type === 'bool' ? v === 'true' : v;
    if (row.to!.startsWith('cluster.')) cluster[row.to!.slice(8)] = t;
    else if (row.to === 'kubelet.config.clusterDNS') config.clusterDNS = t;
    else setPath(spec, row.to!, t);
  }
  if (useMaxPods === 'false' && config.maxPods === undefined && !flags.some((f) => f.startsWith('--max-pods'))) {
    notes.push({ level: 'warning', text: '--use-max-pods false without --max-pods: nodeadm computes max pods from the instance type (AL2 fell back to kubelet\'s 110); set kubelet.config.maxPods to keep 110' });
  }
  if (o.clusterFields) {
    const dns = Array.isArray(config.clusterDNS) ? String(config.clusterDNS[0]) : undefined;
    if (cluster.cidr === undefined && o.cidr) cluster.cidr = o.cidr;
    if (cluster.cidr === undefined && dns && DEFAULT_CIDRS[dns]) {
      cluster.cidr = DEFAULT_CIDRS[dns];
      notes.push({ level: 'warning', text: `cluster.cidr ${cluster.cidr} is the EKS default service CIDR whose DNS address is ${dns} (--dns-cluster-ip): check it is this cluster's (aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv4Cidr)` });
    }
    const missing = [['name', 'the cluster name'], ['apiServerEndpoint', '--apiserver-endpoint'], ['certificateAuthority', '--b64-cluster-ca'], ['cidr', '--service-ipv4-cidr (or --dns-cluster-ip)']]
      .filter(([k]) => cluster[k] === undefined).map(([, d]) => d);
    if (missing.length) {
      notes.push({ level: 'manual', text: `nodeadm needs the cluster's name, API server endpoint, CA and service CIDR on this node (it does not call DescribeCluster), and the bootstrap call has no ${missing.join(', ')}` });
    }
    spec.cluster = { ...(spec.cluster as object | undefined), ...cluster };
  } else if (Object.keys(cluster).length) {
    notes.push({ level: 'info', text: 'the cluster name, endpoint, CA and CIDR are left out: EKS (or Karpenter) puts its own NodeConfig with them in the user data' });
  }
  const kubelet: Record<string, unknown> = {};
  if (Object.keys(config).length) kubelet.config = config;
  if (flags.length) kubelet.flags = flags;
  if (Object.keys(kubelet).length) spec.kubelet = kubelet;
  return { spec: order(spec), notes };
}

/** cluster, kubelet, instance: the order nodeadm's documentation writes them in. */
function order(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['cluster', 'containerd', 'instance', 'kubelet']) if (spec[k] !== undefined) out[k] = spec[k];
  for (const [k, v] of Object.entries(spec)) if (!(k in out)) out[k] = v;
  return out;
}

function kubeletArgs(text: string, words: readonly Word[], o: ConvertOptions, config: Record<string, unknown>, flags: string[], notes: Note[]) {
  const opts = parseOpts(text, words, 'kubelet');
  // a word that is neither a flag nor a flag's value (an interpolation holding flags, $'…', `--flag${x}`): a
  // NodeConfig has no place for it, and leaving it out would drop kubelet settings without a word
  const taken = new Set(opts.flatMap((op) => (op.valueIdx === undefined ? [op.nameIdx] : [op.nameIdx, op.valueIdx])));
  words.forEach((w, i) => {
    if (taken.has(i)) return;
    const shown = text.slice(w.start, w.end);
    notes.push({ level: 'manual', text: `kubelet argument \`${shown}\` is not a flag eks-migrate can read (${/\$\{/.test(shown) ? 'its flags come from a template value' : /^\$'/.test(shown) ? 'ANSI-C quoting' : 'not --flag or --flag=value'}): put the kubelet settings it stands for in the NodeConfig's spec.kubelet (config or flags) by hand`, at: w.start, end: w.end });
  });
  for (const op of opts) {
    const w = words[op.nameIdx];
    const raw = op.isInline ? wordValue(text, w, o.templated) : op.valueIdx !== undefined ? wordValue(text, words[op.valueIdx], o.templated) : '';
    if (raw === undefined) {
      notes.push({ level: 'manual', text: `kubelet flag \`${text.slice(w.start, words[op.valueIdx ?? op.nameIdx].end)}\` takes its value from the shell, which a NodeConfig cannot read`, at: w.start, end: w.end });
      continue;
    }
    const value = op.isInline ? raw.replace(/^[^=]*=/, '') : op.valueIdx !== undefined ? raw : undefined;
    if (op.name === '--container-runtime' || op.name === '--container-runtime-endpoint') {
      notes.push({ level: 'info', text: `${op.name} dropped: nodeadm configures containerd for kubelet`, at: w.start, end: w.end });
      continue;
    }
    const row = KUBELET.get(op.name);
    const t = row ? typed(row.type, value ?? (row.type === 'bool' ? 'true' : '')) : undefined;
    if (row && t !== undefined) {
      config[row.field] = t;
      continue;
    }
    if (op.name === '--node-labels' && o.managed && value !== undefined && !dynamic(value)) {
      const kept = value.split(',').filter((l) => !EKS_LABEL.test(l));
      if (kept.length < value.split(',').length) notes.push({ level: 'info', text: 'eks.amazonaws.com/ node labels dropped: EKS sets them on a managed node group\'s nodes (with the new group\'s name and image)', at: w.start, end: w.end });
      if (kept.length) flags.push(`--node-labels=${kept.join(',')}`);
      continue;
    }
    flags.push(value === undefined ? op.name : `${op.name}=${value}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scripts and user data

/** kubelet-config.json settings a jq filter or sed substitution writes: `.key = value` / `s/"key": …/"key": value/`. */
function configEdits(line: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const val = (v: string): unknown => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v.replace(/^"|"$/g, ''));
  for (const m of line.matchAll(/\.([A-Za-z]\w*)\s*=\s*("[^"]*"|[\w.-]+)/g)) out[m[1]] = val(m[2]);
  for (const m of line.matchAll(/s([/|#])\\?"([A-Za-z]\w*)\\?":[^/|#]*\1\\?"\2\\?":\s*("?[\w.-]+"?)\1/g)) out[m[2]] = val(m[3]);
  return out;
}

/** The NodeConfig fields a KUBELET_EXTRA_ARGS value stands for. */
function extraArgsSpec(line: string): Record<string, unknown> | undefined {
  // a systemd drop-in: Environment='KUBELET_EXTRA_ARGS=--a=1 --b=2' (the quotes hold the whole assignment)
  const unit = /Environment=(["'])KUBELET_EXTRA_ARGS=([^"']*)\1/.exec(line);
  const m = unit ? undefined : /KUBELET_EXTRA_ARGS[ \t]*\+?=[ \t]*("([^"]*)"|'([^']*)'|(\S+))/.exec(line);
  const v = unit?.[2] ?? m?.[2] ?? m?.[3] ?? m?.[4];
  if (!v) return undefined;
  const config: Record<string, unknown> = {};
  const flags: string[] = [];
  kubeletArgs(v, scanShell(v).commands.flatMap((c) => c.words), { templated: true, clusterFields: false }, config, flags, []);
  const k: Record<string, unknown> = {};
  if (Object.keys(config).length) k.config = config;
  if (flags.length) k.flags = flags;
  return Object.keys(k).length ? { kubelet: k } : undefined;
}

/**
 * A script that runs before bootstrap (terraform-aws-eks pre_bootstrap_user_data) on its way to AL2023: plain
 * `[export ]KUBELET_EXTRA_ARGS=<literal flags>` lines become NodeConfig kubelet settings (and leave the script); any
 * other line that configures kubelet the AL2 way is a manual note (nodeadm never reads it).
 */
export function preBootstrapKubelet(script: string): { kubelet?: Record<string, unknown>; rest: string; notes: Note[] } {
  const notes: Note[] = [];
  const config: Record<string, unknown> = {};
  const flags: string[] = [];
  const drop: Array<[number, number]> = [];
  for (let n of al2Only(script)) {
    // the assignment may continue over lines inside its quotes (a backslash before the line break)
    const m = /[ \t]*(?:export[ \t]+)?KUBELET_EXTRA_ARGS[ \t]*=[ \t]*(?:"((?:[^"$`\\]|\\\r?\n)*)"|'([^']*)'|([^\s"'$`\\;&|]+))[ \t]*(?=\r?\n|$)/y;
    m.lastIndex = n.at ?? 0;
    const mm = m.exec(script);
    const v = mm ? (mm[1] ?? mm[2] ?? mm[3]).replace(/\\\r?\n/g, ' ') : undefined;
    if (v === undefined || !mm) {
      notes.push(n);
      continue;
    }
    n = { ...n, end: (n.at ?? 0) + mm[0].length };
    const before = notes.length;
    const sub: Note[] = [];
    kubeletArgs(v, scanShell(v).commands.flatMap((c) => c.words), { templated: true, clusterFields: false }, config, flags, sub);
    const manual = sub.filter((x) => x.level === 'manual');
    if (manual.length || before !== notes.length) {
      notes.push({ ...n, text: `${n.text} (${manual.map((x) => x.text).join('; ')})` });
      continue;
    }
    drop.push([n.at ?? 0, n.end ?? n.at ?? 0]);
  }
  let rest = script;
  for (const [a, b] of [...drop].reverse()) rest = rest.slice(0, a) + rest.slice(b + (rest[b] === '\n' ? 1 : 0));
  const kubelet: Record<string, unknown> = {};
  if (Object.keys(config).length) kubelet.config = config;
  if (flags.length) kubelet.flags = flags;
  return { kubelet: Object.keys(kubelet).length ? kubelet : undefined, rest, notes };
}

const flow = (o: unknown) => new Document(o).toString({ collectionStyle: 'flow', lineWidth: 0 }).trim();

/**
 * Kernel module builds with AL2's package tooling (`yum install -y kernel-devel-$(uname -r)`, amazon-linux-extras): a
 * warning each. AL2023 manages packages with dnf and has no amazon-linux-extras (its packages come from the versioned
 * AL2023 repository), and its kernel is not AL2's, so a module built for AL2 is built again there.
 */
export function kernelBuilds(script: string): Note[] {
  const notes: Note[] = [];
  for (const m of script.matchAll(/^[^#\n]*\b(yum\b[^\n]*\b(?:kernel-devel|kernel-headers|dkms)\b|amazon-linux-extras\b)[^\n]*$/gm)) {
    const extras = /^amazon-linux-extras/.test(m[1]);
    const text = extras
      ? 'amazon-linux-extras does not exist on AL2023: install the package with dnf from the AL2023 repository (dnf install -y …), or build it yourself'
      : 'AL2023 installs packages with dnf: build kernel modules against the running AL2023 kernel with `dnf install -y kernel-devel-$(uname -r)` (AL2023 has no amazon-linux-extras; a module built for the AL2 kernel must be rebuilt)';
    notes.push({ level: 'warning', text, at: m.index, end: (m.index ?? 0) + m[0].length });
  }
  return notes;
}

/** Lines that feed bootstrap.sh or kubelet on AL2 in ways nodeadm does not read: each a manual note. */
export function al2Only(script: string): Note[] {
  const notes: Note[] = [...kernelBuilds(script)];
  const re = /^[ \t]*(?:export[ \t]+)?(?:USE_MAX_PODS|KUBELET_EXTRA_ARGS)[ \t]*[+]?=.*$|^[ \t]*Environment=["']?KUBELET_EXTRA_ARGS=.*$|^.*\b(?:sed[ \t]+-i|tee[ \t]+-a|>>?)[^\n]*\/etc\/eks\/bootstrap\.sh.*$|^.*\/etc\/kubernetes\/kubelet\/kubelet-config\.json.*$|^.*\$\{?KUBELET_CONFIG\}?\b.*$|^.*\/etc\/eks\/(?!bootstrap\.sh)[\w./-]+.*$/gm;
  for (const m of script.matchAll(re)) {
    const line = m[0];
    if (/^\s*#/.test(line) || /^\s*(export\s+)?\w+=\S*kubelet-config\.json["']?\s*$/.test(line)) continue;
    let what: string;
    if (/\/etc\/eks\/bootstrap\.sh/.test(line) && !/KUBELET_EXTRA_ARGS[ \t]*\+?=/.test(line.replace(/^[^'"]*/, ''))) {
      what = 'this edits the AL2 /etc/eks/bootstrap.sh, which AL2023 does not run (nodeadm reads a NodeConfig): whatever it sets for kubelet goes in the NodeConfig\'s spec.kubelet (config or flags)';
    } else if (/^\s*(export\s+)?USE_MAX_PODS\s*=/.test(line)) {
      what = 'USE_MAX_PODS is read by the AL2 bootstrap.sh only: on AL2023 nodeadm computes max pods from the instance type unless the NodeConfig sets spec.kubelet.config.maxPods';
    } else if (/KUBELET_EXTRA_ARGS/.test(line) && !/kubelet-config\.json|KUBELET_CONFIG/.test(line)) {
      const spec = extraArgsSpec(line);
      what = `${/Environment=/.test(line) ? 'the AL2 kubelet unit reads KUBELET_EXTRA_ARGS from this drop-in; the AL2023 unit does not (nodeadm passes kubelet its flags)' : 'KUBELET_EXTRA_ARGS feeds kubelet flags through bootstrap.sh on AL2; AL2023 has no bootstrap.sh'}: put them in the NodeConfig${spec ? ` as spec: ${flow(spec)}` : '\'s spec.kubelet.flags (or typed spec.kubelet.config fields)'}`;
    } else if (/kubelet-config\.json|KUBELET_CONFIG/.test(line)) {
      const cfg = configEdits(line);
      what = `this edits the AL2 kubelet-config.json; on AL2023 nodeadm writes kubelet's configuration: put the settings in the NodeConfig${Object.keys(cfg).length ? ` as spec: ${flow({ kubelet: { config: cfg } })}` : '\'s spec.kubelet.config (merged into kubelet\'s)'}`;
    } else what = 'this uses an AL2 EKS AMI file under /etc/eks/ that AL2023 does not have';
    notes.push({ level: 'manual', text: what, at: m.index, end: (m.index ?? 0) + line.length });
  }
  return notes;
}

const KUBELET_CONFIG_PATH = '/etc/kubernetes/kubelet/kubelet-config.json';
/**
 * `jq '.a = 1 | .b = "x"' /etc/kubernetes/kubelet/kubelet-config.json > TMP` followed by `mv TMP …kubelet-config.json`
 * (on one line with && or on the next), before offset `until`: the settings they write (a NodeConfig's
 * kubelet.config holds the same KubeletConfiguration fields) and the line ranges to drop. Other edits stay notes.
 */
export function kubeletConfigEdits(script: string, until: number): { config: Record<string, unknown>; lines: Array<[number, number]> } {
  const config: Record<string, unknown> = {};
  const lines: Array<[number, number]> = [];
  const path = KUBELET_CONFIG_PATH.replace(/[./]/g, (c) => `\\${c}`);
  const jq = new RegExp(`^[ \\t]*jq[ \\t]+(?:-[a-zA-Z]+[ \\t]+)*'([^']*)'[ \\t]+${path}[ \\t]*>[ \\t]*(\\S+)[ \\t]*(?:&&[ \\t]*mv[ \\t]+(?:-f[ \\t]+)?(\\S+)[ \\t]+${path}[ \\t]*)?$`, 'gm');
  for (const m of script.matchAll(jq)) {
    const start = m.index ?? 0;
    if (start >= until) break;
    const assigns = m[1].split('|').map((x) => /^\s*\.([A-Za-z]\w*)\s*=\s*("[^"\\]*"|-?\d+(?:\.\d+)?|true|false)\s*$/.exec(x));
    if (!assigns.length || assigns.some((a) => !a)) continue;
    let end = start + m[0].length;
    if (m[3] === undefined) {
      // the next line moves the temporary file over the configuration
      const nl = script.indexOf('\n', end);
      const next = nl < 0 ? '' : script.slice(nl + 1, script.indexOf('\n', nl + 1) < 0 ? script.length : script.indexOf('\n', nl + 1));
      const mv = new RegExp(`^[ \\t]*mv[ \\t]+(?:-f[ \\t]+)?(\\S+)[ \\t]+${path}[ \\t]*$`).exec(next);
      if (!mv || mv[1] !== m[2]) continue;
      end = nl + 1 + next.length;
    } else if (m[3] !== m[2]) continue;
    for (const a of assigns) {
      const v = a![2];
      config[a![1]] = /^"/.test(v) ? v.slice(1, -1) : v === 'true' ? true : v === 'false' ? false : Number(v);
    }
    lines.push([start, end]);
  }
  return { config, lines };
}

const isSetupLine = (l: string) => /^\s*$|^\s*#|^\s*set\s+[-+]/.test(l);

const OPENERS = new Set(['if', 'case', 'for', 'while', 'until', 'select']);
const CLOSERS = new Set(['fi', 'esac', 'done']);
/** Words after which a command goes on (on the next line too): the text cut after one does not parse. */
const CONTINUES = new Set(['&&', '||', '|', '|&', '!', 'then', 'do', 'else', 'elif', 'in', 'if', 'while', 'until']);

/**
 * Whether shell text `s` ends at the top level: no open quote, here-document, `(`, `$(`, `{`, if/case/loop, and no
 * command that goes on (`&&`, `||`, `|`, `\`, `then`, …). `underflow`: it closes something it did not open (its
 * start belongs to text before it). A small reader for the cases user data has, not a shell: when unsure it says open.
 */
export function shellLevel(s: string): { open: boolean; underflow: boolean } {
  const stack: string[] = []; // open ( { and block keywords
  let underflow = false;
  const close = () => {
    if (!stack.pop()) underflow = true;
  };
  let last = ''; // the last word or operator outside quotes and comments
  const heredocs: Array<{ word: string; tabs: boolean }> = [];
  let cmdStart = true;
  const n = s.length;
  let i = 0;
  const word = (w: string) => {
    if (cmdStart && (OPENERS.has(w) || w === '{')) stack.push(w);
    else if (cmdStart && (CLOSERS.has(w) || w === '}')) close();
    last = w;
    cmdStart = CONTINUES.has(w) || w === '{' || w === '}' || CLOSERS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && cmdStart;
  };
  while (i < n) {
    const c = s[i];
    if (c === '\n') {
      i++;
      // here-document bodies start on the line after their operator
      while (heredocs.length && i <= n) {
        const h = heredocs.shift()!;
        let found = false;
        while (i < n) {
          let e = s.indexOf('\n', i);
          if (e < 0) e = n;
          const line = s.slice(i, e).replace(/\r$/, '');
          i = e + 1;
          if ((h.tabs ? line.replace(/^\t+/, '') : line) === h.word) {
            found = true;
            break;
          }
        }
        if (!found) return { open: true, underflow };
      }
      if (!CONTINUES.has(last)) cmdStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const e = s.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      let op = c;
      if (s[i + 1] === c || (c === '|' && s[i + 1] === '&')) op += s[i + 1];
      if (op === ';;') op = ';';
      i += op.length;
      last = op;
      cmdStart = true;
      continue;
    }
    if (c === '(') {
      stack.push('(');
      i++;
      last = '(';
      cmdStart = true;
      continue;
    }
    if (c === ')') {
      // in a case, a pattern ends with `)`
      if (stack[stack.length - 1] !== 'case') close();
      i++;
      last = ')';
      cmdStart = true;
      continue;
    }
    if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
      let j = i + 2;
      const tabs = s[j] === '-';
      if (tabs) j++;
      while (s[j] === ' ' || s[j] === '\t') j++;
      const m = /^(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z0-9_.-]+))/.exec(s.slice(j));
      if (!m) return { open: true, underflow };
      heredocs.push({ word: m[1] ?? m[2] ?? m[3], tabs });
      i = j + m[0].length;
      last = 'heredoc';
      cmdStart = false;
      continue;
    }
    // a word: quotes, escapes and $( … ) inside it
    let w = '';
    while (i < n && !/[ \t\r\n;&|()]/.test(s[i])) {
      const d = s[i];
      if (d === '\\') {
        if (i + 1 >= n) return { open: true, underflow };
        if (s[i + 1] === '\n') {
          if (i + 2 >= n) return { open: true, underflow }; // the command goes on past the text
          i += 2;
          continue;
        }
        w += s.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (d === "'" || d === '"') {
        let j = i + 1;
        while (j < n && s[j] !== d) j += d === '"' && s[j] === '\\' ? 2 : 1;
        if (j >= n) return { open: true, underflow };
        w += s.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      if (d === '$' && s[i + 1] === '(') {
        // $( … ) and $(( … )): to the matching parenthesis (quotes inside skipped)
        let k = 0;
        let j = i + 1;
        for (; j < n; j++) {
          const e = s[j];
          if (e === '\\') j++;
          else if (e === "'" || e === '"') {
            const q = s.indexOf(e, j + 1);
            if (q < 0) return { open: true, underflow };
            j = q;
          } else if (e === '(') k++;
          else if (e === ')' && --k === 0) break;
        }
        if (j >= n) return { open: true, underflow };
        w += s.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      if (d === '`') {
        const q = s.indexOf('`', i + 1);
        if (q < 0) return { open: true, underflow };
        w += s.slice(i, q + 1);
        i = q + 1;
        continue;
      }
      w += d;
      i++;
    }
    if (w) word(w);
    else i++;
  }
  return { open: stack.length > 0 || heredocs.length > 0 || CONTINUES.has(last), underflow };
}

/** Names a script defines for what runs after it: shell functions and variables. */
function definitions(s: string): { functions: Set<string>; variables: Set<string> } {
  const functions = new Set<string>();
  const variables = new Set<string>();
  for (const m of s.matchAll(/^[ \t]*(?:function[ \t]+([A-Za-z_][\w:-]*)|([A-Za-z_][\w:-]*)[ \t]*\(\s*\))/gm)) functions.add(m[1] ?? m[2]);
  for (const m of s.matchAll(/(?:^|[;&|({][ \t]*|\b(?:export|declare|typeset|local|readonly)(?:[ \t]+-\w+)*[ \t]+)([A-Za-z_]\w*)\+?=/gm)) variables.add(m[1]);
  for (const m of s.matchAll(/\b(?:read|mapfile|readarray)\b(?:[ \t]+-\w+)*((?:[ \t]+[A-Za-z_]\w*)+)/g)) for (const v of m[1].trim().split(/\s+/)) variables.add(v);
  for (const m of s.matchAll(/\bfor[ \t]+([A-Za-z_]\w*)[ \t]+in\b/g)) variables.add(m[1]);
  return { functions, variables };
}

/** What `post` uses of `defs` (variables as $X / ${X, functions as a command word). */
function usedFrom(post: string, defs: { functions: Set<string>; variables: Set<string> }): string[] {
  const out: string[] = [];
  const body = post.replace(/^[ \t]*#.*$/gm, '');
  for (const v of defs.variables) if (new RegExp(`\\$\\{?${v}\\b`).test(body)) out.push(`$${v}`);
  for (const f of defs.functions) if (new RegExp(`(^|[;&|({!][ \\t]*|\\b(?:then|do|else)[ \\t]+|^[ \\t]*)${f.replace(/[-:]/g, '\\$&')}(?=[ \\t;&|)]|$)`, 'm').test(body)) out.push(`${f}()`);
  return out;
}

/** Converts one shell script (AL2 user data or one shellscript part) into parts. */
export function convertScript(script: string, o: ConvertOptions): Conversion {
  const t = script.replace(/\r\n/g, '\n');
  const calls = bootstrapCalls(scanShell(t));
  if (!calls.length) return { parts: [{ type: SHELL_TYPE, body: script }], notes: [], changed: false };
  // kubelet-config.json edits before the call that map onto kubelet.config: absorbed into the NodeConfig
  const edited = kubeletConfigEdits(t, calls[0].words[0].start);
  const absorbed = (n: Note) => n.at !== undefined && edited.lines.some(([a, b]) => a <= n.at! && n.at! < b);
  const notes: Note[] = al2Only(t).filter((n) => !absorbed(n));
  if (calls.length > 1) {
    return { notes: [...notes, { level: 'manual', text: 'the script runs bootstrap.sh more than once', at: calls[1].words[0].start }], changed: true };
  }
  const { words, script: si } = calls[0];
  const first = words[0];
  const last = words[words.length - 1];
  const ls = t.lastIndexOf('\n', first.start - 1) + 1;
  let le = t.indexOf('\n', last.end);
  if (le < 0) le = t.length;
  const before = t.slice(ls, first.start);
  const after = t.slice(last.end, le);
  // a `# comment` on the call's line: kept above the NodeConfig that takes the call's place
  const comment = /^[ \t]*#(.*)$/.exec(after)?.[1];
  const preLevel = shellLevel(t.slice(0, ls));
  const postText = t.slice(le + 1);
  const postLevel = shellLevel(postText);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?$/.test(after) || preLevel.open || preLevel.underflow || postLevel.open || postLevel.underflow) {
    notes.push({ level: 'manual', text: 'bootstrap.sh runs inside a larger shell command or block (a subshell, &&/||, if, a loop, a function, a here-document); split into user data parts, the steps around it would not parse or would change meaning: move its settings to a NodeConfig by hand', at: first.start, end: last.end });
  } else {
    // the steps after the call become a part of their own: it must not need what the steps before it defined
    const used = usedFrom(postText, definitions(t.slice(0, ls)));
    if (used.length) notes.push({ level: 'manual', text: `the steps after bootstrap.sh use ${used.join(', ')}, defined before it; as a separate user data part they would not have them (each part runs in a shell of its own): restructure the script by hand`, at: first.start, end: last.end });
    else if (/^[ \t]*(?:source|\.)[ \t]+\S/m.test(t.slice(0, ls)) && postText.split('\n').some((l) => !isSetupLine(l))) {
      notes.push({ level: 'manual', text: 'the script sources a file before bootstrap.sh and has steps after it; as a separate user data part those steps would not have what it defined: restructure the script by hand', at: first.start, end: last.end });
    }
  }
  for (let k = 0; k < si; k++) {
    const wt = wordText(words[k]);
    if (/=/.test(wt)) notes.push({ level: 'manual', text: `bootstrap.sh is run with ${wt}: environment settings of bootstrap.sh have no NodeConfig equivalent eks-migrate knows`, at: words[k].start, end: words[k].end });
  }
  const call = translateCall(t, words, si, Object.keys(edited.config).length ? { ...o, baseConfig: edited.config } : o);
  notes.push(...call.notes);
  if (edited.lines.length) notes.push({ level: 'info', text: `kubelet-config.json edits moved into the NodeConfig's kubelet.config (${Object.keys(edited.config).join(', ')})`, at: edited.lines[0][0], end: edited.lines[0][1] });
  if (notes.some((n) => n.level === 'manual')) return { notes, changed: true };
  let pre = t.slice(0, ls);
  for (const [a, b] of [...edited.lines].reverse()) pre = pre.slice(0, a) + pre.slice(b + (pre[b] === '\n' ? 1 : 0));
  const post = t.slice(le + 1).replace(/^\n+/, '');
  const parts: Part[] = [];
  const preLines = pre.split('\n');
  if (preLines.some((l) => !isSetupLine(l))) parts.push({ type: SHELL_TYPE, body: /^#!/.test(pre) ? pre : `#!/bin/bash\n${pre}` });
  const nodeConfig = Object.keys(call.spec).length ? { apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', spec: call.spec } : undefined;
  if (nodeConfig) {
    const problems = nodeConfigProblems(nodeConfig);
    if (problems.length) return { notes: [...notes, { level: 'manual', text: `the NodeConfig eks-migrate would write does not validate against nodeadm's schema (${problems.slice(0, 2).join('; ')})`, at: first.start }], changed: true };
    parts.push({ type: NODECONFIG_TYPE, body: nodeConfigYaml(call.spec, comment) });
  } else if (comment !== undefined) notes.push({ level: 'info', text: `the comment on the bootstrap.sh line (#${comment}) is dropped with the call: no NodeConfig is written to keep it in`, at: last.end, end: le });
  if (post.split('\n').some((l) => !isSetupLine(l))) {
    const shebang = /^#![^\n]*\n/.exec(pre)?.[0] ?? '#!/bin/bash\n';
    // shell options (set -euo pipefail) held for the whole script: the new part runs under them too
    const options = pre.split('\n').filter((l) => /^[ \t]*set[ \t]+[-+]/.test(l)).map((l) => `${l.trim()}\n`).join('');
    parts.push({ type: SHELL_TYPE, body: shebang + options + post });
    notes.push({ level: 'warning', text: 'the steps after bootstrap.sh ran once kubelet had started on AL2; as a user data part they now run before nodeadm starts kubelet: check they do not need a running node', at: le });
  }
  return { parts, nodeConfig, notes, changed: true };
}

/** The first line of cloud-init user data that is not a shell script: #cloud-config, #include, … */
const CLOUD_INIT = /^\s*(#cloud-config(?:-archive|-jsonp)?|#include(?:-once)?|#cloud-boothook|#part-handler|#upstart-job|## template: jinja)\b/;

/**
 * User data (or a part) that is not a shell script (cloud-config, include, boothook…) but runs bootstrap.sh: left as
 * it is, with a manual note at the call (a cloud-config runcmd or write_files is not split into MIME parts here).
 */
function notShell(text: string, what: string): Conversion {
  const lf = text.replace(/\r\n/g, '\n');
  const m = /\/etc\/eks\/bootstrap\.sh/.exec(lf);
  if (!m) return { parts: [{ type: SHELL_TYPE, body: text }], notes: [], changed: false };
  return {
    notes: [{ level: 'manual', text: `the user data is ${what}, not a shell script, and runs bootstrap.sh: eks-migrate leaves it as it is; on AL2023 put the bootstrap.sh settings in a NodeConfig part (application/node.eks.aws) beside the cloud-init part (text/cloud-config keeps its packages, write_files and runcmd) by hand`, at: m.index, end: m.index + m[0].length }],
    changed: true,
  };
}

/** Converts AL2 user data (a shell script, or a MIME document whose shell parts call bootstrap.sh). */
export function convertUserData(text: string, o: ConvertOptions): Conversion {
  const mime = parseMime(text);
  if (!mime) {
    if (/^\s*(MIME-Version|Content-Type):/i.test(text)) return { notes: [{ level: 'manual', text: 'the user data looks like MIME but does not parse as a multipart document (boundary, delimiters)' }], changed: true };
    const kind = CLOUD_INIT.exec(text)?.[1];
    if (kind) return notShell(text, `cloud-init ${kind}`);
    return convertScript(text, o);
  }
  const parts: Part[] = [];
  const notes: Note[] = [];
  let changed = false;
  let nodeConfig: Record<string, unknown> | undefined;
  const lf = text.replace(/\r\n/g, '\n');
  for (const p of mime.parts) {
    if (p.type !== SHELL_TYPE || CLOUD_INIT.test(p.body)) {
      // a cloud-config (or other non-shell) part that runs bootstrap.sh: not a script eks-migrate can split
      const c = notShell(p.body, p.type !== SHELL_TYPE ? `a ${p.type} part` : `cloud-init ${CLOUD_INIT.exec(p.body)![1]}`);
      if (c.changed) {
        const base = lf.indexOf(p.body.replace(/\n+$/, ''));
        return { notes: [...notes, ...c.notes.map((n) => ({ ...n, at: n.at === undefined || base < 0 ? undefined : base + n.at, end: n.end === undefined || base < 0 ? undefined : base + n.end }))], changed: true, boundary: mime.boundary };
      }
      parts.push(p);
      continue;
    }
    const c = convertScript(p.body, o);
    // offsets of notes are into the part's body: point them at the body in the whole text
    const base = lf.indexOf(p.body.replace(/\n+$/, ''));
    notes.push(...c.notes.map((n) => ({ ...n, at: n.at === undefined || base < 0 ? undefined : base + n.at, end: n.end === undefined || base < 0 ? undefined : base + n.end })));
    if (!c.changed) {
      parts.push(p);
      continue;
    }
    changed = true;
    if (!c.parts) return { notes, changed, boundary: mime.boundary };
    nodeConfig ??= c.nodeConfig;
    parts.push(...c.parts.map((x, i) => (i === 0 && x.type === SHELL_TYPE ? { ...x, headers: p.headers } : x)));
  }
  return { parts, nodeConfig, notes, changed, boundary: mime.boundary };
}

/** The user data text of a conversion: a MIME document (in the input's boundary when it had one). */
export const userDataText = (c: Conversion): string => renderMime(c.parts ?? [], c.boundary);
