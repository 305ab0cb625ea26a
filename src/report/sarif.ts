/**
 * SARIF 2.1.0 (`--format sarif`) as GitHub code scanning takes it: one `tool.driver.rules` entry per rule (with its
 * README as help), results with physical locations and regions (UTF-16 columns, as eks-migrate counts them), and
 * `fixes` carrying the replacement text. Files that could not be read or parsed become tool notifications.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LineIndex } from '../util/text';
import { VERSION } from '../version';
import { isInputProblem, reportedFindings, type ReportInput } from './model';

const LEVEL = { fix: 'warning', manual: 'error', warning: 'warning', info: 'note' } as const;

/** What the caller knows of the tool's own files: where they are, and each rule's documentation. */
export interface SarifDocs {
  /** The folder that holds README.md and the rules' docs (meta.docs paths are relative to it). */
  readonly home: string;
  /** A rule's documentation (its README), when it can be read. */
  readonly text: (meta: { readonly id: string; readonly docs: string }) => string | undefined;
}

/** `root`: the folder the artifact URIs are relative to (the repository root, for code scanning). */
export function sarifReport(r: ReportInput, cwd: string, root: string, docs: SarifDocs): string {
  const findings = reportedFindings(r).filter((f) => f.status !== 'skipped');
  const ruleIndex = new Map(r.rules.map((x, i) => [x.meta.id, i]));
  const uri = (file: string) => path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/');
  const lines = new Map(r.results.map((x) => [x.path, new LineIndex(x.original)]));
  const region = (file: string, s: number, e: number) => {
    const li = lines.get(file)!;
    const a = li.position(s);
    const b = li.position(Math.max(s, e));
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eks-migrate',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: pathToFileURL(path.join(docs.home, 'README.md')).href,
            rules: r.rules.map((x) => {
              const help = docs.text(x.meta);
              return {
                id: x.meta.id,
                name: x.meta.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: x.meta.title },
                fullDescription: { text: x.meta.description },
                helpUri: pathToFileURL(path.join(docs.home, x.meta.docs)).href,
                ...(help ? { help: { text: help, markdown: help } } : {}),
                defaultConfiguration: { level: 'warning' },
                properties: { tags: ['eks', 'kubernetes', `k8s-${x.meta.version}`], fixable: x.meta.fixable },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + path.sep).href } },
        invocations: [
          {
            executionSuccessful: !r.diagnostics.some((d) => d.code === 'internal'),
            toolExecutionNotifications: r.diagnostics.map((d) => ({
              level: isInputProblem(d) || d.code === 'internal' ? 'error' : 'note',
              message: { text: `${d.code}: ${d.message}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: uri(d.file), uriBaseId: 'SRCROOT' }, ...(d.start ? { region: { startLine: d.start.line, startColumn: d.start.column } } : {}) } }],
            })),
          },
        ],
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          kind: f.severity === 'info' ? 'informational' : 'fail',
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file), uriBaseId: 'SRCROOT' }, region: region(f.file, f.range[0], f.range[1]) } }],
          properties: { status: f.status },
          ...(f.edits?.length
            ? {
                fixes: [
                  {
                    description: { text: f.message.split(':')[0] },
                    artifactChanges: [
                      {
                        artifactLocation: { uri: uri(f.file), uriBaseId: 'SRCROOT' },
                        replacements: f.edits.map((e) => ({ deletedRegion: region(f.file, e.range[0], e.range[1]), insertedContent: { text: e.text } })),
                      },
                    ],
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
