/**
 * The step after a blue/green move to AL2023, once the AL2 group is drained: delete the AL2 node group that an
 * AL2023 replacement written by al2023-nodes stands beside (its marker comment names it), and the marker. Not a rule
 * of a normal run (a person drains first): the journey (`--patch-series`) makes it a commit of its own, before the
 * version moves past 1.32.
 */
import type { Document } from 'yaml';
import type { RuleContext, RuleModule } from '../../src/eks/context';
import { blockHeader, children, type HclNode, keyName, topBlocks } from '../../src/parsers/hcl';
import { isMap, isScalar, isSeq, type YAMLMap } from '../../src/parsers/yaml';
import { rangeOf } from '../../src/parsers/yaml-edit';
import { entryLines, lineEndOf, lineStartOf, wholeLines } from '../../src/util/text';
import type { Range } from '../../src/util/range';

const MARKER = /^[ \t]*# AL2023 replacement of (\S+) \(eks-migrate al2023-nodes\)[^\n]*\r?\n/gm;
/** The suffix al2023-nodes gives eksctl replacements. */
const EKSCTL_SUFFIX = '-al2023';

/** A range of whole lines, with the blank line before it, else the one after it (so no double blank line is left). */
function withBlankBefore(text: string, r: readonly [number, number]): Range {
  if (r[0] > 0) {
    const prevStart = lineStartOf(text, r[0] - 1);
    if (/^[ \t]*\r?\n$/.test(text.slice(prevStart, r[0]))) return [prevStart, r[1]];
  }
  const next = /^[ \t]*\r?\n/.exec(text.slice(r[1]));
  return next ? [r[0], r[1] + next[0].length] : [r[0], r[1]];
}

function create(ctx: RuleContext) {
  const text = ctx.file.text;
  /** Deletes `gone` (whole lines, and a blank line beside them), reported at `at`. */
  const remove = (at: Range, what: string, gone: Range = at) => ctx.report({ range: at, messageId: 'removed', data: { what }, fix: { range: gone, text: '' } });

  const hcl = (root: HclNode) => {
    for (const m of text.matchAll(MARKER)) {
      const name = m[1];
      const markerRange: Range = [m.index ?? 0, (m.index ?? 0) + m[0].length];
      const res = /^aws_eks_node_group\.([\w-]+)$/.exec(name);
      if (res) {
        const b = topBlocks(root).find((x) => {
          const h = blockHeader(x);
          return h.type === 'resource' && h.labels[0] === 'aws_eks_node_group' && h.labels[1] === res[1];
        });
        const lines = b && wholeLines(text, b.startIndex, b.endIndex);
        if (!lines) continue;
        remove([b!.startIndex, b!.endIndex], `aws_eks_node_group.${res[1]}`, withBlankBefore(text, lines));
        remove(markerRange, `the note above ${res[1]}_al2023`);
        continue;
      }
      // an entry of a node group map: the element named `name` of the object the marker sits in
      let obj: HclNode | null = root.descendantForIndex(markerRange[1]);
      while (obj && obj.type !== 'object') obj = obj.parent;
      const el = obj && children(obj).find((c) => c.type === 'object_elem' && keyName(c) === name);
      const lines = el && entryLines(text, el.startIndex, el.endIndex);
      if (!lines) continue;
      remove([el!.startIndex, el!.endIndex], name, withBlankBefore(text, lines));
      remove(markerRange, `the note above ${name}_al2023`);
    }
  };

  const yaml = (docs: readonly Document.Parsed[]) => {
    for (const d of docs) {
      const c = d.contents;
      if (!isMap(c)) continue;
      for (const listKey of ['managedNodeGroups', 'nodeGroups']) {
        const list = (c as YAMLMap).get(listKey, true);
        if (!isSeq(list)) continue;
        const names = list.items.map((it) => (isMap(it) ? it.get('name') : undefined)).map((n) => (isScalar(n) ? String(n) : typeof n === 'string' ? n : undefined));
        list.items.forEach((it, i) => {
          const n = names[i];
          if (!n || !names.includes(`${n}${EKSCTL_SUFFIX}`)) return;
          const r = rangeOf(it);
          if (!r) return;
          // the item from its dash to the end of its last line
          const start = text.lastIndexOf('-', r[0]);
          const lines = wholeLines(text, start, r[1]) ?? [lineStartOf(text, start), lineEndOf(text, r[1] - 1)];
          remove([lines[0], lines[1]], `${listKey}[${n}]`);
        });
      }
    }
  };

  return { hcl, yaml };
}

/** Deletes AL2 node groups beside which al2023-nodes wrote an AL2023 replacement (the journey's own step). */
export const cleanup: RuleModule = {
  meta: {
    id: 'al2023-nodes',
    title: 'Delete the drained AL2 node groups that an AL2023 replacement stands beside',
    description: 'The journey step after the AL2023 move: deletes each AL2 node group al2023-nodes wrote a replacement beside, and its note.',
    version: '1.33',
    fixable: true,
    docs: 'transforms/al2023-nodes/README.md',
    triggers: { hcl: ['eks-migrate al2023-nodes'], yaml: [EKSCTL_SUFFIX] },
    kinds: ['hcl', 'yaml'],
    messages: { removed: 'deleted {{what}}: its AL2023 replacement has taken its pods (drained before this change is applied)' },
  },
  create,
};
