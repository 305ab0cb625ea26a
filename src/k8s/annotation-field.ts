/**
 * annotationToField: a rule that moves pod and container annotations that became a `securityContext` field (seccomp
 * alpha annotations → `seccompProfile`; AppArmor beta annotations → `appArmorProfile`) into that field, in every pod
 * template of YAML manifests, from a row of data/annotation-fields.json: the annotation keys, the field, and how
 * each annotation value maps to the field's `type` (`localhost/<p>` → `Localhost` with `localhostProfile: <p>`). A
 * field already there wins: a matching annotation is dropped, a mismatch reported. JSON manifests are reported (no
 * insertion into JSON); a rule file adds its own checks (`object`, `after`, `hcl`, `text`).
 */
import type { Document, Pair, Scalar } from 'yaml';
import { type FactoryMeta, type RuleContext, type RuleModule, withMessages } from '../eks/context';
import type { HclNode } from '../parsers/hcl';
import { identityView, toFileEdit } from '../parsers/views';
import { isMap, isScalar, pairDeletion, scalarText, scalarView, stringScalars, valueAt, type YAMLMap } from '../parsers/yaml';
import { appendToMap, type Entry, indentStep, type TextEdit } from '../parsers/yaml-edit';
import type { Edit, Range } from '../util/range';
import { eolOf } from '../util/text';
import { containersOf, type K8sObject, k8sObjects, objectLabel, podTemplate, type PodTemplate } from './manifests';

/** A row of data/annotation-fields.json. */
export interface AnnotationField {
  readonly id: string;
  /** The pod-level annotation, if there is one. */
  readonly podKey?: string;
  /** Container-level annotations: this prefix followed by the container's name. */
  readonly containerPrefix: string;
  /** The securityContext field that replaces them ("seccompProfile"). */
  readonly field: string;
  /** Annotation value → the field's `type`. */
  readonly values: Readonly<Record<string, string>>;
  /** Values `<prefix><p>` map to `type: Localhost, localhostProfile: <p>`. */
  readonly localhostPrefix?: string;
  /** The Kubernetes version from which the annotations do nothing. */
  readonly inertFrom: string;
  /** Why they move, for fix messages ("the alpha annotations do nothing from 1.27"). */
  readonly why: string;
  readonly source: string;
  readonly asOf: string;
}

export interface Profile {
  readonly type: string;
  readonly localhostProfile?: string;
}

/** The field value an annotation value stands for, or undefined when there is none. */
export function profileOf(row: AnnotationField, value: string): Profile | undefined {
  if (Object.prototype.hasOwnProperty.call(row.values, value)) return { type: row.values[value] };
  if (row.localhostPrefix && value.startsWith(row.localhostPrefix) && value.length > row.localhostPrefix.length) {
    return { type: 'Localhost', localhostProfile: value.slice(row.localhostPrefix.length) };
  }
  return undefined;
}

const show = (p: Profile) => `type: ${p.type}${p.localhostProfile ? `, localhostProfile: ${p.localhostProfile}` : ''}`;
const yamlValue = (s: string) => (/^[\w./-]+$/.test(s) ? s : JSON.stringify(s));
const entriesOf = (p: Profile): Entry[] => [['type', p.type], ...(p.localhostProfile ? [['localhostProfile', yamlValue(p.localhostProfile)] as Entry] : [])];
const same = (a: Profile, b: Profile) => a.type === b.type && (a.type !== 'Localhost' || a.localhostProfile === b.localhostProfile);

export const ANNOTATION_FIELD_MESSAGES = {
  noEquivalent: '{{label}}: {{key}}: "{{value}}" has no {{field}} equivalent (expected {{expected}}); set securityContext.{{field}} for {{where}} by hand and drop the annotation',
  noTarget: '{{label}}: {{key}} names {{target}} that is not in the template; fix or drop the annotation by hand',
  unreadableField: '{{label}}: {{where}} has a securityContext.{{field}} eks-migrate cannot read; compare it with {{key}}: {{value}} by hand',
  conflict: '{{label}}: {{where}} has {{field}} {{existing}} but {{key}} says {{value}} ({{profile}}); the field wins in {{inertFrom}} and the annotation does nothing: decide, then drop the annotation',
  addByHand: '{{label}}: add securityContext.{{field}} ({{profile}}) to {{where}} by hand and drop {{key}}',
  json: '{{label}}: {{done}}: eks-migrate does not insert into JSON; make these changes by hand',
  layout: '{{label}}: migrate the {{id}} annotations by hand (their layout is one eks-migrate does not edit): {{done}}',
  moved: '{{label}}: {{done}}: {{why}}',
} as const;

export interface AnnotationFieldOptions {
  readonly meta: FactoryMeta;
  /** Looks at an object first; true when it took the object (its pod template is then not migrated). */
  readonly object?: (ctx: RuleContext, o: K8sObject, handled: Set<Pair>) => boolean;
  /**
   * Report what is left after the pod templates: annotations of the row outside pod templates (messageId
   * `outsideTemplate`, data key / podKey / containerPrefix) and string values that point at them, such as a JSON patch
   * path (`patch`). The rule's meta.messages words both.
   */
  readonly leftovers?: boolean;
  readonly hcl?: (ctx: RuleContext, root: HclNode) => void;
  readonly text?: (ctx: RuleContext) => void;
}

export function annotationToField(row: AnnotationField, opts: AnnotationFieldOptions): RuleModule {
  const expected = [...Object.keys(row.values), ...(row.localhostPrefix ? [`${row.localhostPrefix}<path>`] : [])];
  const expectedText = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}` : expected.join('');
  const isOurs = (k: string) => k === row.podKey || k.startsWith(row.containerPrefix);

  function existingProfile(sc: unknown): Profile | undefined | null {
    const sp = valueAt(sc, row.field);
    if (sp === undefined) return undefined;
    if (!isMap(sp)) return null;
    const type = scalarText(valueAt(sp, 'type'), '');
    const lp = scalarText(valueAt(sp, 'localhostProfile'), '');
    return type ? { type, localhostProfile: lp } : null;
  }

  function create(ctx: RuleContext) {
    const text = ctx.file.text;
    const view = identityView(text, 0, eolOf(text));
    const edit = (e: TextEdit): Edit => toFileEdit(view, e.range[0], e.range[1], e.text);
    const rangeOf = (n: unknown): Range => {
      const r = (n as { range?: [number, number] } | null)?.range ?? [0, 0];
      return [r[0], r[1]];
    };
    const common = { field: row.field, id: row.id, inertFrom: row.inertFrom, why: row.why, expected: expectedText };
    const manual = (range: Range, messageId: keyof typeof ANNOTATION_FIELD_MESSAGES, data: Record<string, string>) =>
      ctx.report({ range, severity: 'manual', messageId, data: { ...common, ...data } });

    /** One pod template: every annotation of the row it carries, migrated in one fix. */
    const template = (pt: PodTemplate, step: number, handled: Set<Pair>, json: boolean) => {
      const ann = valueAt(pt.metadata, 'annotations');
      if (!isMap(ann)) return;
      const ours = ann.items.filter((p) => isScalar(p.key) && isOurs(String(p.key.value)));
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
        const profile = profileOf(row, value);
        const forPod = key === row.podKey;
        const cname = forPod ? undefined : key.slice(row.containerPrefix.length);
        const where = forPod ? 'the pod' : `container ${cname}`;
        if (!profile) {
          manual(at, 'noEquivalent', { label, key, value, where });
          continue;
        }
        const target: YAMLMap | undefined = forPod ? pt.spec : containersOf(pt.spec).find((c) => c.name === cname)?.map;
        if (!target) {
          manual(at, 'noTarget', { label, key, target: forPod ? 'a pod spec' : `a container "${cname}"` });
          continue;
        }
        const sc = valueAt(target, 'securityContext');
        const existing = existingProfile(sc);
        if (existing === null) {
          manual(at, 'unreadableField', { label, where, key, value });
          continue;
        }
        if (existing) {
          if (same(existing, profile)) {
            drop.push(pair);
            done.push(`dropped ${key} (${where} already has ${row.field} ${show(existing)})`);
          } else manual(at, 'conflict', { label, where, existing: show(existing), key, value, profile: show(profile) });
          continue;
        }
        const e = isMap(sc) ? appendToMap(text, sc, [[row.field, entriesOf(profile)]], step)
          : sc === undefined ? appendToMap(text, target, [['securityContext', [[row.field, entriesOf(profile)]]]], step) : undefined;
        if (!e) {
          manual(at, 'addByHand', { label, profile: show(profile), where, key });
          continue;
        }
        edits.push(e);
        drop.push(pair);
        done.push(`${key}: ${value} → ${where} securityContext.${row.field} (${show(profile)})`);
      }
      if (!drop.length) return;
      if (json) {
        manual(rangeOf(drop[0].key), 'json', { label, done: done.join('; ') });
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
        manual(rangeOf(drop[0].key), 'layout', { label, done: done.join('; ') });
        return;
      }
      ctx.report({
        range: rangeOf(drop[0].key), messageId: 'moved', data: { ...common, label, done: done.join('; ') },
        fix: [...edits, ...dels.map((d) => ({ range: d!, text: '' }))].map(edit),
      });
    };

    const docs = (list: readonly Document.Parsed[], json = false) => {
      const handled = new Set<Pair>();
      for (const d of list) {
        const step = indentStep(text, d);
        for (const o of k8sObjects([d])) {
          if (opts.object?.(ctx, o, handled)) continue;
          const pt = podTemplate(o);
          if (pt) template(pt, step, handled, json);
        }
      }
      if (opts.leftovers) leftovers(list, handled);
    };

    /** The row's annotations outside pod templates, and values that point at them. */
    const leftovers = (list: readonly Document.Parsed[], handled: ReadonlySet<Pair>) => {
      const mark = row.containerPrefix.replace(/^container\./, '').replace(/\/$/, '');
      for (const d of list) {
        const walk = (n: unknown, depth: number) => {
          if (depth > 100) return;
          if (isMap(n)) {
            for (const p of n.items) {
              const k = isScalar(p.key) ? String(p.key.value) : '';
              if (k.includes(mark) && !handled.has(p as Pair)) {
                ctx.report({ range: rangeOf(p.key), severity: 'manual', messageId: 'outsideTemplate', data: { key: k, podKey: row.podKey ?? '', containerPrefix: row.containerPrefix } });
              }
              walk(p.value, depth + 1);
            }
          } else if ((n as { items?: unknown[] } | null)?.items) for (const it of (n as { items: unknown[] }).items) walk(it, depth + 1);
        };
        walk(d.contents, 0);
        for (const { node } of stringScalars(d.contents)) {
          if (!(node.value as string).includes(mark)) continue;
          const sv = scalarView(node, text);
          const i = sv ? sv.text.indexOf(mark) : -1;
          ctx.report({ range: sv && i >= 0 ? [sv.toRaw(i), sv.toRaw(i + mark.length)] : rangeOf(node), severity: 'manual', messageId: 'patch' });
        }
      }
    };

    return {
      yaml: (list: readonly Document.Parsed[]) => docs(list),
      json: (list: readonly Document.Parsed[]) => docs(list, true),
      hcl: (root: HclNode) => opts.hcl?.(ctx, root),
      text: () => opts.text?.(ctx),
    };
  }

  return { meta: withMessages(opts.meta, ANNOTATION_FIELD_MESSAGES), create };
}
