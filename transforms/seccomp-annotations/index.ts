/**
 * seccomp-annotations: the seccomp alpha annotations do nothing from 1.27; move them to securityContext.seccompProfile.
 * See README.md beside this file.
 */
import type { Document, Pair, Scalar } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import type { Edit, Range } from '../../src/engine/types';
import { containersOf, k8sObjects, objectLabel, podTemplate, type PodTemplate } from '../../src/k8s/manifests';
import { allStrings, type HclNode } from '../../src/parsers/hcl';
import { identityView, type TextView, toFileEdit } from '../../src/parsers/views';
import { isMap, isScalar, pairDeletion, scalarText, scalarView, stringScalars, valueAt, type YAMLMap } from '../../src/parsers/yaml';
import { appendToMap, type Entry, indentStep, type TextEdit } from '../../src/parsers/yaml-edit';
import { eolOf } from '../../src/util/text';

const ALPHA = 'seccomp.security.alpha.kubernetes.io';
const POD_KEY = `${ALPHA}/pod`;
const CONTAINER_PREFIX = `container.${ALPHA}/`;

interface Profile {
  readonly type: 'Unconfined' | 'RuntimeDefault' | 'Localhost';
  readonly localhostProfile?: string;
}

/** DOMAIN.md §5 (kubernetes pkg/api/pod/util.go). */
export function profileFor(value: string): Profile | undefined {
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (value === 'runtime/default' || value === 'docker/default') return { type: 'RuntimeDefault' };
  const m = /^localhost\/(.+)$/.exec(value);
  return m ? { type: 'Localhost', localhostProfile: m[1] } : undefined;
}

const show = (p: Profile) => `type: ${p.type}${p.localhostProfile ? `, localhostProfile: ${p.localhostProfile}` : ''}`;
const yamlValue = (s: string) => (/^[\w./-]+$/.test(s) ? s : JSON.stringify(s));
const entriesOf = (p: Profile): Entry[] => [['type', p.type], ...(p.localhostProfile ? [['localhostProfile', yamlValue(p.localhostProfile)] as Entry] : [])];

function existingProfile(sc: unknown): Profile | undefined | null {
  const sp = valueAt(sc, 'seccompProfile');
  if (sp === undefined) return undefined;
  if (!isMap(sp)) return null;
  const type = scalarText(valueAt(sp, 'type'), '');
  const lp = scalarText(valueAt(sp, 'localhostProfile'), '');
  return type ? { type: type as Profile['type'], localhostProfile: lp } : null;
}

const same = (a: Profile, b: Profile) => a.type === b.type && (a.type !== 'Localhost' || a.localhostProfile === b.localhostProfile);

function create(ctx: RuleContext) {
  const text = ctx.file.text;
  const view = identityView(text, 0, eolOf(text));
  const edit = (e: TextEdit): Edit => toFileEdit(view, e.range[0], e.range[1], e.text);
  const rangeOf = (n: unknown): Range => {
    const r = (n as { range?: [number, number] } | null)?.range ?? [0, 0];
    return [r[0], r[1]];
  };

  /** One pod template: every alpha annotation it carries, migrated in one fix. */
  const template = (pt: PodTemplate, step: number, handled: Set<Pair>, json: boolean) => {
    const ann = valueAt(pt.metadata, 'annotations');
    if (!isMap(ann)) return;
    const ours = ann.items.filter((p) => isScalar(p.key) && (p.key.value === POD_KEY || String(p.key.value).startsWith(CONTAINER_PREFIX)));
    if (!ours.length) return;
    const label = `${objectLabel(pt.owner)}${pt.where ? ` ${pt.where.replace(/\.$/, '')}` : ''}`;
    const edits: TextEdit[] = [];
    const drop: Pair[] = [];
    const done: string[] = [];
    for (const pair of ours) {
      handled.add(pair);
      const key = String((pair.key as Scalar).value);
      const at = rangeOf(pair.key);
      const value = scalarText(pair.value, text) ?? '';
      const profile = profileFor(value);
      const forPod = key === POD_KEY;
      const cname = forPod ? undefined : key.slice(CONTAINER_PREFIX.length);
      const where = forPod ? 'the pod' : `container ${cname}`;
      if (!profile) {
        ctx.report({ range: at, severity: 'manual', message: `${label}: ${key}: "${value}" has no seccompProfile equivalent (expected unconfined, runtime/default, docker/default or localhost/<path>); set securityContext.seccompProfile for ${where} by hand and drop the annotation` });
        continue;
      }
      const target: YAMLMap | undefined = forPod ? pt.spec : containersOf(pt.spec).find((c) => c.name === cname)?.map;
      if (!target) {
        ctx.report({ range: at, severity: 'manual', message: `${label}: ${key} names ${forPod ? 'a pod spec' : `a container "${cname}"`} that is not in the template; fix or drop the annotation by hand` });
        continue;
      }
      const sc = valueAt(target, 'securityContext');
      const existing = existingProfile(sc);
      if (existing === null) {
        ctx.report({ range: at, severity: 'manual', message: `${label}: ${where} has a securityContext.seccompProfile eks-migrate cannot read; compare it with ${key}: ${value} by hand` });
        continue;
      }
      if (existing) {
        if (same(existing, profile)) {
          drop.push(pair);
          done.push(`dropped ${key} (${where} already has seccompProfile ${show(existing)})`);
        } else {
          ctx.report({ range: at, severity: 'manual', message: `${label}: ${where} has seccompProfile ${show(existing)} but ${key} says ${value} (${show(profile)}); the field wins in 1.27 and the annotation does nothing: decide, then drop the annotation` });
        }
        continue;
      }
      const e = isMap(sc) ? appendToMap(text, sc, [['seccompProfile', entriesOf(profile)]], step)
        : sc === undefined ? appendToMap(text, target, [['securityContext', [['seccompProfile', entriesOf(profile)]]]], step) : undefined;
      if (!e) {
        ctx.report({ range: at, severity: 'manual', message: `${label}: add securityContext.seccompProfile (${show(profile)}) to ${where} by hand and drop ${key}` });
        continue;
      }
      edits.push(e);
      drop.push(pair);
      done.push(`${key}: ${value} → ${where} securityContext.seccompProfile (${show(profile)})`);
    }
    if (!drop.length) return;
    if (json) {
      ctx.report({ range: rangeOf(drop[0].key), severity: 'manual', message: `${label}: ${done.join('; ')}: eks-migrate does not insert into JSON; make these changes by hand` });
      return;
    }
    // the annotations go; an annotations map left empty goes too, and a metadata map left empty with it
    const meta = pt.metadata!;
    const annPair = meta.items.find((p) => p.value === ann) as Pair | undefined;
    const metaPair = pt.map.items.find((p) => p.value === meta) as Pair | undefined;
    const dels =
      drop.length < ann.items.length || !annPair ? drop.map((p) => pairDeletion(text, ann, p))
        : meta.items.length === 1 && metaPair && pt.map !== pt.owner.map ? [pairDeletion(text, pt.map, metaPair)]
          : [pairDeletion(text, meta, annPair)];
    if (dels.some((d) => !d)) {
      ctx.report({ range: rangeOf(drop[0].key), severity: 'manual', message: `${label}: migrate the seccomp annotations by hand (their layout is one eks-migrate does not edit): ${done.join('; ')}` });
      return;
    }
    ctx.report({
      range: rangeOf(drop[0].key),
      message: `${label}: ${done.join('; ')}: the alpha annotations do nothing from 1.27`,
      fix: [...edits, ...dels.map((d) => ({ range: d!, text: '' }))].map(edit),
    });
  };

  const docs = (list: readonly Document.Parsed[], json = false) => {
    const handled = new Set<Pair>();
    for (const d of list) {
      const step = indentStep(text, d);
      for (const o of k8sObjects([d])) {
        if (o.kind === 'PodSecurityPolicy') {
          const ann = valueAt(valueAt(o.map, 'metadata'), 'annotations');
          if (!isMap(ann)) continue;
          for (const p of ann.items) {
            if (!isScalar(p.key) || !String(p.key.value).startsWith(`${ALPHA}/`)) continue;
            handled.add(p);
            ctx.report({ range: rangeOf(p.key), severity: 'manual', message: `${objectLabel(o)}: ${p.key.value} belongs to PodSecurityPolicy, removed in 1.25 with no securityContext equivalent; replace the policy with Pod Security Admission or a policy engine` });
          }
          continue;
        }
        const pt = podTemplate(o);
        if (pt) template(pt, step, handled, json);
      }
    }
    // what is left: alpha annotations elsewhere, and patches that point at them
    for (const d of list) {
      const walk = (n: unknown, depth: number) => {
        if (depth > 100) return;
        if (isMap(n)) {
          for (const p of n.items) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            if (k.includes(ALPHA) && !handled.has(p)) {
              ctx.report({ range: rangeOf(p.key), severity: 'manual', message: `${k} here is not on a pod template eks-migrate knows (${POD_KEY} and ${CONTAINER_PREFIX}<name> on Pod, Deployment, …, CronJob); the alpha annotations do nothing from 1.27: set securityContext.seccompProfile instead` });
            }
            walk(p.value, depth + 1);
          }
        } else if ((n as { items?: unknown[] } | null)?.items) for (const it of (n as { items: unknown[] }).items) walk(it, depth + 1);
      };
      walk(d.contents, 0);
      for (const { node } of stringScalars(d.contents)) {
        const v = node.value as string;
        const j = v.search(/seccomp\.security\.alpha\.kubernetes\.io/);
        if (j < 0) continue;
        const sv = scalarView(node, text);
        const i = sv ? sv.text.search(/seccomp\.security\.alpha\.kubernetes\.io/) : -1;
        const at: Range = sv && i >= 0 ? [sv.toRaw(i), sv.toRaw(i + ALPHA.length)] : rangeOf(node);
        ctx.report({ range: at, severity: 'manual', message: 'a patch or value that points at a seccomp alpha annotation: once the manifests move to securityContext.seccompProfile this no longer matches anything (a JSON patch "remove" fails); change it to match' });
      }
    }
  };

  /** Terraform (kubernetes_* annotations) and templates: report where they are. */
  const literal = (v: TextView, where: string) => {
    for (const m of v.text.matchAll(/(?:container\.)?seccomp\.security\.alpha\.kubernetes\.io\/[\w.~-]+/g)) {
      const i = m.index ?? 0;
      ctx.report({
        range: [v.toRaw(i), v.toRaw(i + m[0].length)],
        severity: 'manual',
        message: `${m[0]} in ${where}: the seccomp alpha annotations do nothing from 1.27 (PodSecurityPolicy's were removed in 1.25); eks-migrate rewrites them in YAML manifests only: ${where === 'Terraform' ? 'use security_context { seccomp_profile { … } } in the pod spec' : 'set securityContext.seccompProfile in the template'} and drop the annotation`,
      });
    }
  };

  return {
    yaml: (list: readonly Document.Parsed[]) => docs(list),
    json: (list: readonly Document.Parsed[]) => docs(list, true),
    hcl: (root: HclNode) => {
      for (const s of allStrings(root, text)) literal(s.view, 'Terraform');
    },
    text: () => {
      if (ctx.file.template) literal(view, 'this template');
    },
  };
}

const rule: RuleModule = {
  meta: {
    id: 'seccomp-annotations',
    title: 'Seccomp alpha annotations to securityContext.seccompProfile',
    description:
      'Moves seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<name> annotations of every pod ' +
      'template to securityContext.seccompProfile (they do nothing from 1.27), and reports the ones it cannot move.',
    version: '1.27',
    fixable: true,
    docs: 'transforms/seccomp-annotations/README.md',
    triggers: { yaml: [ALPHA], json: [ALPHA], hcl: [ALPHA] },
    kinds: ['yaml', 'json', 'hcl', 'text'],
  },
  create,
};

export default rule;
