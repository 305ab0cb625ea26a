/**
 * One file through the rules: parse, run the rules, splice their edits into the text, and again until no rule has
 * anything left to change; then check the result with the reference parsers (and the host's check, a schema) before it may be
 * written. Never throws for a problem with the file: those become diagnostics.
 */
import type { Document } from 'yaml';
import { firstSyntaxError, hclParser, hclReferenceError, parseHclTreeTolerantSync, type HclTree } from '../parsers/hcl';
import { parseYaml } from '../parsers/yaml';
import { editsBetween } from '../util/compose';
import { LineIndex } from '../util/text';
import { offsetBefore, sameEdit, splice, type FixGroup } from './fixer';
import { findSuppressions, SUPPRESS_MARK, suppressionFor, type Suppression } from './suppress';
import { messageOf, orderRules, type Report, type RuleContext, type RuleModule, type SourceFile } from './rule';
import type { Diagnostic, Edit, FileKind, Finding, Position } from './types';

export const MAX_PASSES = 10;

/**
 * What a domain gives the engine (the engine knows none of it): the services its rules' context carries, a check of
 * rewritten documents beyond parsing (a schema), and the ids of every rule the tool has.
 */
export interface EngineHost<C extends RuleContext = RuleContext> {
  /** The context a rule gets for one file: the engine's, with the domain's services added. */
  context(base: RuleContext): C;
  /** What a rewrite breaks beyond parsing (documents before and after), if anything; a broken rewrite is refused. */
  checkOutput?(before: readonly Document.Parsed[], after: readonly Document.Parsed[]): string | undefined;
  /** Every rule id the tool has, to tell a typo in a suppression from a rule this run does not use. */
  readonly knownRules: ReadonlySet<string>;
}

export interface FileInput {
  readonly path: string;
  readonly absPath: string;
  readonly text: string;
  readonly kind: FileKind;
}

export interface FileResult {
  readonly path: string;
  readonly absPath: string;
  readonly kind: FileKind;
  readonly original: string;
  /** The text to write; the very same string as `original` when nothing changes. */
  readonly output: string;
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
  /** Rules that looked at the file (it passed their pre-check). */
  readonly ruleIds: string[];
}

/** Rules worth running on a file: the right kind, and a trigger string in its text. */
export function applicableRules<R extends RuleModule<never>>(rules: readonly R[], kind: FileKind, text: string): R[] {
  const suppressions = text.includes(SUPPRESS_MARK); // every rule looks, so that an unused suppression shows
  return rules.filter((r) => handlesKind(r, kind) && (suppressions || triggersFor(r, kind).some((s) => text.includes(s))));
}

/** Whether `r` looks at files of `kind` (a rule for text also sees YAML, which may turn out to be a template). */
export const handlesKind = (r: RuleModule<never>, kind: FileKind): boolean => r.meta.kinds.includes(kind) || (kind === 'yaml' && r.meta.kinds.includes('text'));

/** One regular expression that finds any of `list`. */
export function triggerRegExp(list: readonly string[]): RegExp | undefined {
  const uniq = [...new Set(list)];
  return uniq.length ? new RegExp(alternation(uniq)) : undefined;
}

/** `a|b|c` with every special character escaped: the same text for JavaScript and for `grep -E`. */
export const alternation = (list: readonly string[]): string => trieSource([...new Set(list)]);

const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The strings of `list` as one regular expression source, factored by common prefixes (`ab|ac` → `a(?:b|c)`):
 * the same language as their plain alternation, but the engine tries one branch per next character instead of every
 * string at every position (the trigger strings are hundreds, and every candidate file is tested against them).
 */
function trieSource(list: readonly string[]): string {
  if (list.some((t) => t === '')) return '';
  const byFirst = new Map<string, string[]>();
  for (const t of list) {
    const k = t[0];
    const l = byFirst.get(k);
    if (l) l.push(t.slice(1));
    else byFirst.set(k, [t.slice(1)]);
  }
  const branches = [...byFirst].map(([c, rests]) => {
    const ended = rests.includes('');
    const more = rests.filter((r) => r !== '');
    if (!more.length) return escapeChar(c);
    const inner = trieSource(more);
    // a string that ends here matches already: the longer ones need not be tried (a match is all the trigger asks)
    if (ended) return escapeChar(c);
    return more.length === 1 || inner.indexOf('|') < 0 ? `${escapeChar(c)}${more.length === 1 ? inner : `(?:${inner})`}` : `${escapeChar(c)}(?:${inner})`;
  });
  return branches.join('|');
}

/** A rule's trigger strings for a kind of file (a YAML file may turn out to be a template, read as text). */
export function triggersFor(r: RuleModule<never>, kind: FileKind): readonly string[] {
  const t = r.meta.triggers;
  if (Array.isArray(t)) return t;
  const byKind = t as Partial<Record<FileKind, readonly string[]>>;
  return [...(byKind[kind] ?? []), ...(kind === 'yaml' ? byKind.text ?? [] : [])];
}

interface Parsed {
  file: SourceFile;
  tree?: HclTree;
  error?: { message: string; start?: Position };
  /** Why a template was not read as YAML. */
  templateNote?: { message: string; start?: Position };
  /** The YAML documents are not all there (only those some rule wants). */
  partial?: boolean;
}

/**
 * A Go/Helm template rather than YAML: a file in a chart's `templates/` folder, or one with a line that starts with
 * a template action (`{{- if … }}`). `{{ … }}` inside string values of YAML that parses (Helm values) is not enough:
 * such a file that does not parse is broken YAML, and reported so.
 */
export const isTemplate = (text: string, file = ''): boolean =>
  (/\{\{[\s\S]*?\}\}/.test(text) && (/(^|[\\/])templates[\\/]/.test(file) || /^[ \t]*\{\{/m.test(text)))
  // a Terraform template (templatefile()): ${name} interpolations and %{ } directives
  // (a lower-case name: `${NODE_LABELS}` is the shell's, in a script inside YAML that is simply broken)
  || /(^|[^$])\$\{[a-z_][a-z0-9_]*(\.[\w\-\[\]"]+)*\}|(^|[^%])%\{[ ~]*(if|for|else|endif|endfor)\b/m.test(text);

/**
 * A multi-document YAML text with the documents that hold no trigger blanked out (every character but line breaks
 * becomes a space, so offsets stay). YAML forbids `---` and `...` at the start of a line inside content, so those
 * lines are where documents begin. Unchanged when there is nothing to blank, or when directives (`%`) are in play.
 */
export function blankUntriggered(text: string, re: RegExp | undefined): string {
  if (!re || /^%/m.test(text)) return text;
  const marks = [0, ...[...text.matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)].map((m) => m.index ?? 0), text.length];
  if (marks.length < 4) return text;
  let out = '';
  let blanked = false;
  for (let k = 0; k + 1 < marks.length; k++) {
    const seg = text.slice(marks[k], marks[k + 1]);
    if (!seg || re.test(seg)) {
      out += seg;
      continue;
    }
    const keep = /^(?:---|\.\.\.)/.exec(seg)?.[0] ?? '';
    out += keep + seg.slice(keep.length).replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
    blanked = true;
  }
  return blanked ? out : text;
}

async function parse(input: FileInput, text: string, yamlTriggers?: RegExp): Promise<Parsed> {
  const base = { path: input.path, absPath: input.absPath, text, kind: input.kind, lines: new LineIndex(text) };
  if (input.kind === 'hcl') {
    // a construct the grammar misreads is read through the same-length rewrite it reads right (parsers/hcl.ts GAPS)
    await hclParser();
    const tree = parseHclTreeTolerantSync(text);
    const bad = firstSyntaxError(tree.rootNode);
    if (bad) {
      tree.delete();
      const ref = await hclReferenceError(input.path, text);
      if (ref) return { file: base, error: ref };
      return {
        file: base,
        error: { message: "syntax eks-migrate's HCL reader does not understand (HashiCorp's parser accepts it)", start: base.lines.position(bad.startIndex) },
      };
    }
    return { file: { ...base, hcl: tree.rootNode }, tree };
  }
  if (input.kind === 'yaml' || input.kind === 'tfjson' || input.kind === 'json') {
    if (input.kind !== 'yaml') {
      const err = jsonError(text, base.lines);
      if (err) return { file: base, error: err };
    }
    // of a stream, only the documents some rule wants (the others are blanked out)
    const blanked = input.kind === 'yaml' ? blankUntriggered(text, yamlTriggers) : text;
    const y = parseYaml(blanked);
    // a Helm template is not YAML: the rules that can look at it as text do so
    if (y.error && input.kind === 'yaml' && isTemplate(text, input.path)) return { file: { ...base, kind: 'text', template: true }, templateNote: y.error };
    if (y.error) return { file: base, error: y.error };
    return { file: { ...base, yaml: y.docs }, partial: blanked !== text };
  }
  return { file: base };
}

function jsonError(text: string, lines: LineIndex): { message: string; start?: Position } | undefined {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return undefined;
  } catch (e) {
    const msg = String((e as Error).message);
    const m = /position (\d+)/.exec(msg);
    return { message: msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, ''), start: m ? lines.position(Number(m[1])) : undefined };
  }
}

interface Group extends FixGroup {
  finding: Omit<Finding, 'start'>;
  suppressedBy?: Suppression;
}

/** Each rule's place in the order its meta declares (lower wins where edits overlap), per rule list. */
const priorities = new WeakMap<readonly RuleModule<never>[], Map<RuleModule<never>, number>>();
function priorityOf(allRules: readonly RuleModule<never>[], rule: RuleModule<never>): number {
  let m = priorities.get(allRules);
  if (!m) {
    m = new Map(orderRules(allRules).map((r, i) => [r, i]));
    priorities.set(allRules, m);
  }
  return m.get(rule) ?? allRules.length;
}

async function runRules<C extends RuleContext>(
  parsed: Parsed, rules: readonly RuleModule<C>[], allRules: readonly RuleModule<C>[], host: EngineHost<C>, diagnostics: Diagnostic[],
): Promise<Group[]> {
  const activeRules = new Set(allRules.map((r) => r.meta.id));
  const out: Group[] = [];
  const { file } = parsed;
  for (const rule of rules) {
    const priority = priorityOf(allRules, rule);
    const report = (r: Report) => {
      const edits: Edit[] = r.fix ? (Array.isArray(r.fix) ? [...(r.fix as Edit[])] : [r.fix as Edit]) : [];
      const severity = r.severity ?? (edits.length ? 'fix' : 'manual');
      const message = messageOf(rule.meta, r);
      out.push({
        priority,
        edits: severity === 'fix' ? edits : [],
        finding: {
          ruleId: rule.meta.id, ...(r.messageId !== undefined ? { messageId: r.messageId } : {}), severity, message, file: file.path, range: r.range,
          edits: severity === 'fix' ? edits : undefined,
        },
      });
    };
    try {
      const h = rule.create(host.context({ file, report, activeRules }));
      if (file.kind === 'hcl' && file.hcl) await h.hcl?.(file.hcl);
      else if (file.kind === 'yaml' && file.yaml) await h.yaml?.(file.yaml);
      else if (file.kind === 'tfjson' && file.yaml) await h.tfjson?.(file.yaml);
      else if (file.kind === 'json' && file.yaml) await h.json?.(file.yaml);
      else if (file.kind === 'text') await h.text?.();
    } catch (e) {
      diagnostics.push({ file: file.path, code: 'internal', message: `rule ${rule.meta.id} failed: ${(e as Error)?.message ?? e}` });
      if (process.env.EKS_MIGRATE_DEBUG) console.error(e);
    }
  }
  return out;
}

const positioned = (f: Omit<Finding, 'start'>, lines: LineIndex): Finding => ({ ...f, start: lines.position(f.range[0]) });

/** Runs `rules` on one file. */
export async function processFile<C extends RuleContext>(input: FileInput, allRules: readonly RuleModule<C>[], host: EngineHost<C>): Promise<FileResult> {
  const rules = applicableRules(allRules, input.kind, input.text);
  const result = (output: string, findings: Finding[], diagnostics: Diagnostic[]): FileResult => ({
    path: input.path, absPath: input.absPath, kind: input.kind, original: input.text, output, findings, diagnostics, ruleIds: rules.map((r) => r.meta.id),
  });
  if (!rules.length) return result(input.text, [], []);

  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  let text = input.text;
  let firstDocs: readonly Document.Parsed[] | undefined;
  let partialFirst = false;
  let lastDocs: readonly Document.Parsed[] | undefined; // the last pass's documents, when it saw them all
  const passes: Edit[][] = []; // edits applied by each pass so far
  const used = new Set<Suppression>();
  const originalLines = new LineIndex(input.text);
  const yamlTriggers = input.kind === 'yaml' ? triggerRegExp([...rules.flatMap((r) => triggersFor(r, 'yaml')), SUPPRESS_MARK]) : undefined;
  for (let pass = 0; ; pass++) {
    const parsed = await parse(input, text, yamlTriggers);
    lastDocs = parsed.partial || parsed.file.template ? undefined : parsed.file.yaml;
    if (parsed.error) {
      if (pass === 0) {
        diagnostics.push({ file: input.path, code: 'parse-error', message: parsed.error.message, start: parsed.error.start });
        return result(input.text, [], diagnostics);
      }
      // our own edit broke the file: keep the original
      return refuse(`a rewrite did not parse again (${parsed.error.message})`);
    }
    if (pass === 0) {
      firstDocs = parsed.partial ? undefined : parsed.file.yaml;
      partialFirst = !!parsed.partial;
      if (parsed.templateNote) {
        diagnostics.push({ file: input.path, code: 'template', message: `a template, not YAML (${parsed.templateNote.message}): only literal text was looked at`, start: parsed.templateNote.start });
      }
    }
    let groups: Group[];
    try {
      groups = await runRules(parsed, rules, allRules, host, diagnostics);
    } finally {
      parsed.tree?.delete();
    }
    const lines = parsed.file.lines;
    // eks-migrate-ignore comments silence a rule on the next line (or their own)
    const sup = findSuppressions(text);
    for (const g of groups) {
      const s = sup.length ? suppressionFor(sup, g.finding.ruleId, lines.position(g.finding.range[0]).line) : undefined;
      if (s) {
        g.suppressedBy = s;
        if (pass === 0) used.add(s);
      }
    }
    // manual findings, warnings and suppressed findings are reported once, on the text as the user wrote it
    if (pass === 0) {
      for (const g of groups) {
        if (g.suppressedBy) findings.push(positioned({ ...g.finding, edits: undefined, suppressed: { reason: g.suppressedBy.reason } }, lines));
        else if (g.finding.severity !== 'fix') findings.push(positioned(g.finding, lines));
      }
      for (const s of sup) {
        if (used.has(s)) continue;
        const active = s.rules.filter((id) => id === 'all' || rules.some((r) => r.meta.id === id) || allRules.some((r) => r.meta.id === id));
        const unknown = s.rules.filter((id) => id !== 'all' && !host.knownRules.has(id));
        if (!active.length && !unknown.length) continue; // rules this run does not use: it cannot tell
        findings.push(positioned({
          ruleId: unknown.length ? unknown[0] : active[0], severity: 'warning', file: input.path, range: s.range,
          message: unknown.length
            ? `eks-migrate-ignore names ${unknown.join(', ')}, which is not a rule of eks-migrate`
            : `eks-migrate-ignore ${s.rules.join(', ')} matches nothing on this line or the next: remove it, or move it above the line it is meant for`,
        }, lines));
      }
    }
    const fixes = groups.filter((g) => g.finding.severity === 'fix' && g.edits.length && !g.suppressedBy);
    if (!fixes.length) break;
    if (pass === MAX_PASSES - 1) {
      diagnostics.push({ file: input.path, code: 'not-converged', message: `rules still had edits after ${MAX_PASSES} passes; nothing was changed` });
      // none of the edits is made: the findings that describe them would read as pending
      return result(input.text, findings.filter((f) => f.severity !== 'fix'), diagnostics);
    }
    const s = splice(text, fixes);
    // findings of later passes point into the text as the user wrote it
    const toOriginal = (o: number) => passes.reduceRight((x, edits) => offsetBefore(x, edits), o);
    // an edit two rules both made was made once: the first finding carries it, so the reported edits apply cleanly
    const carried: Edit[] = [];
    for (const g of s.applied) {
      const [a, b] = g.finding.range;
      const own = g.edits.filter((e) => !carried.some((c) => sameEdit(c, e)));
      carried.push(...own);
      findings.push(positioned({ ...g.finding, edits: own, range: [toOriginal(a), toOriginal(b)] }, originalLines));
    }
    if (s.text === text) break;
    passes.push(carried);
    text = s.text;
  }
  if (text === input.text) return result(input.text, findings, diagnostics);

  // the documents as they were, in full (the rules may have seen only some of them)
  const problem = await verify(input, text, partialFirst ? parseYaml(input.text).docs : firstDocs, lastDocs, host.checkOutput);
  if (problem) return refuse(problem);
  return result(text, passes.length > 1 ? composed(findings, input.text, text) : findings, diagnostics);

  function refuse(why: string): FileResult {
    diagnostics.push({ file: input.path, code: 'rewrite-refused', message: `edits not applied: ${why}` });
    const kept = findings.map((f) => (f.severity === 'fix' ? { ...f, severity: 'manual' as const, edits: undefined, message: `${f.message} (not applied: see the error for this file)` } : f));
    return result(input.text, kept, diagnostics);
  }
}

/**
 * A rewrite that took several passes: later passes' edits are in the coordinates of an intermediate text, which no
 * reader has. The file's edits are given once, as the line edits from the text as read to the text as written, on its
 * first fix finding (the others keep their message and range); applied together they give exactly the written file.
 */
function composed(findings: readonly Finding[], before: string, after: string): Finding[] {
  const fixes = findings.filter((f) => f.severity === 'fix');
  if (!fixes.length) return [...findings];
  const all = editsBetween(before, after);
  return findings.map((f) => (f.severity !== 'fix' ? f : { ...f, edits: f === fixes[0] ? all : [] }));
}

/** Checks a rewritten text with the reference parsers; returns what is wrong, if anything. */
export async function verify(
  input: FileInput, text: string, before?: readonly Document.Parsed[], after?: readonly Document.Parsed[],
  check?: EngineHost['checkOutput'],
): Promise<string | undefined> {
  if (input.kind === 'hcl') {
    const err = await hclReferenceError(input.path, text);
    if (err) return `HashiCorp's HCL parser rejects the result: ${err.message}${err.start ? ` at line ${err.start.line}, column ${err.start.column}` : ''}`;
    return undefined;
  }
  if (input.kind === 'yaml' || input.kind === 'tfjson' || input.kind === 'json') {
    if (input.kind !== 'yaml') {
      const j = jsonError(text, new LineIndex(text));
      if (j) return `the result is not JSON: ${j.message}`;
    }
    const y = after ? { docs: after, error: undefined } : parseYaml(text); // the last pass parsed it in full already
    if (y.error && input.kind === 'yaml' && isTemplate(input.text, input.path) && parseYaml(input.text).error) return undefined; // a template before and after
    if (y.error) return `the result is not valid YAML: ${y.error.message}`;
    if (before && y.docs.length !== before.length) return `the result has ${y.docs.length} YAML documents instead of ${before.length}`;
    if (before && check) return check(before, y.docs);
  }
  return undefined;
}
