/**
 * Command line: parses arguments (yargs), merges the config file, calls run(), writes the report, returns the exit
 * code. User mistakes print one line and exit 1; a crash prints its stack only with EKS_MIGRATE_DEBUG=1.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { RULES } from '../transforms';
import { defaultCacheDir } from './cache';
import { ConfigError, findConfig, loadConfig, type Config } from './config';
import { containedPath, gitRoot } from './files/discover';
import { gitAuthor } from './files/git';
import { GlobError, globMatcher } from './files/glob';
import { TEMP_MARK } from './files/write';
import { projectRoot } from './paths';
import { jsonReport } from './report/json';
import { mboxPatch } from './report/mbox';
import { sarifReport } from './report/sarif';
import { exitCode, plural, textReport } from './report/text';
import { graphOf, run, SECCOMP_RULE, selectRules, TARGET_WORDS, UsageError, type Mode, type RunRequest, type RunResult } from './run';
import { journey, stepFile } from './series';
import { plan } from './plan';
import { planJson, planMarkdown, planText } from './report/plan';
import { journeyExit, journeyJson, journeyText, route } from './report/journey';
import { graphText } from './report/graph';
import { compareVersions, newestKnown, RELEASE_DATA_AS_OF, RELEASES, staleDataNote } from './eks/versions';
import { VERSION } from './version';

const today = () => new Date().toISOString().slice(0, 10);

/** A real calendar date written YYYY-MM-DD (2024-02-30 is not). */
const isDate = (s: string): boolean => {
  if (!/^\d{4}-\d\d-\d\d$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The rules' documentation, for the SARIF report: read here, so that reporters read no file. */
const sarifDocs = {
  get home() {
    return projectRoot();
  },
  text: (meta: { docs: string }) => {
    try {
      return fs.readFileSync(path.join(projectRoot(), meta.docs), 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** A note for the text report when versions are more than one minor behind: the command for the step before. */
function hopNotes(r: RunResult): string[] {
  const hops = r.results.flatMap((x) => x.findings).filter((f) => f.ruleId === 'cluster-version' && f.messageId === 'hops' && !f.suppressed);
  if (!hops.length) return [];
  const next = [...new Set(hops.map((f) => /--target (1\.\d+)/.exec(f.message)?.[1]).filter((v): v is string => !!v))].sort();
  return [
    `one minor version per run: ${plural(hops.length, 'version setting')} ${hops.length === 1 ? 'is' : 'are'} more than one minor version behind ${r.targets?.length ? r.targets[r.targets.length - 1] : r.options.target} ` +
      `and ${hops.length === 1 ? 'was' : 'were'} left as written. Prepare the step before with ${next.map((v) => `\`eks-migrate --target ${v}\``).join(' or ')}, upgrade, then run again.`,
  ];
}

/** Notes for the text report: what turning kubelet's seccomp default on means, when that rule ran. */
function seccompNotes(r: RunResult): string[] {
  if (!r.rules.some((x) => x.meta.id === SECCOMP_RULE)) return [];
  const n = r.results.flatMap((x) => x.findings).filter((f) => f.ruleId === SECCOMP_RULE && f.severity === 'fix' && !f.suppressed).length;
  if (!n) return [`${SECCOMP_RULE} is on (--no-seccomp-default turns it off); nothing here turns seccomp defaulting on.`];
  return [
    `${SECCOMP_RULE} is on: ${plural(n, 'place')} ${r.mode === 'apply' ? (n === 1 ? 'now turns' : 'now turn') : 'would turn'} kubelet's seccomp default on, ` +
      'so every container without a seccomp profile runs with RuntimeDefault. Workloads that need syscalls RuntimeDefault blocks ' +
      '(some debuggers, tracers, older runtimes) can fail: test them first, or run with --no-seccomp-default to leave it off.',
  ];
}

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

type Format = 'text' | 'json' | 'sarif' | 'markdown';

/** The --ignore globs: one per --ignore (yargs gives a string for one, an array for several). */
const ignoreArgs = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Options (and their camel-case forms) whose every value counts; of any other option given twice, the last wins. */
const REPEATABLE: ReadonlySet<string> = new Set(['_', 'paths', 'ignore']);

function listRules(io: Io): number {
  // versions past the calendar's newest (data rows ready for a release eks-migrate cannot target yet) are not listed
  const known = (v: string) => (compareVersions(v, newestKnown()) ?? 1) <= 0;
  const waiting = [...new Set(RULES.flatMap((r) => [...(r.meta.versions ?? []), r.meta.version]).filter((v) => !known(v)))].sort();
  const rows = RULES.map((r) => [r.meta.id, r.meta.versions ? [...new Set(r.meta.versions.filter(known))].join(', ') : r.meta.version, r.meta.fixable ? 'fixes' : 'reports', r.meta.title]);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i].length), ['rule', 'for', 'kind'][i].length));
  const line = (x: string[]) => `${x[0].padEnd(w[0])}  ${x[1].padEnd(w[1])}  ${x[2].padEnd(w[2])}  ${x[3]}`;
  io.stdout.write([line(['rule', 'for', 'kind', 'what']), ...rows.map(line)].join('\n') + '\n');
  io.stdout.write('\n"for": the Kubernetes version whose upgrade makes the rule necessary; --target picks every rule up to it. eks-migrate explain RULE prints a rule\'s documentation.\n');
  io.stdout.write(`EKS release calendar: ${RELEASES[0].version} to ${newestKnown()}, data as of ${RELEASE_DATA_AS_OF} (data/eks-versions.json, each row with its source).\n`);
  if (waiting.length) io.stdout.write(`Rows for ${waiting.join(', ')} are in the data and take effect once the calendar has ${waiting.length > 1 ? 'those versions' : 'that version'} (no primary source confirms ${waiting.join(', ')} on Amazon EKS yet).\n`);
  return 0;
}

function explain(io: Io, id: string): number {
  const rule = RULES.find((r) => r.meta.id === id);
  if (!rule) {
    io.stderr.write(`eks-migrate: unknown rule: ${id} (eks-migrate has: ${RULES.map((r) => r.meta.id).join(', ')})\n`);
    return 1;
  }
  let doc: string;
  try {
    doc = fs.readFileSync(path.join(projectRoot(), rule.meta.docs), 'utf8');
  } catch {
    doc = `# ${rule.meta.id}\n\n${rule.meta.description}\n`;
  }
  io.stdout.write(doc.endsWith('\n') ? doc : `${doc}\n`);
  io.stdout.write(`\n(${rule.meta.id}: ${rule.meta.fixable ? 'fixes' : 'reports'}, for Kubernetes ${rule.meta.version}; ${rule.meta.docs})\n`);
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const env = io.env ?? process.env;
  let usage: string | undefined;
  let printed = '';
  let sub: { name: 'rules' } | { name: 'explain'; rule: string } | { name: 'graph'; paths: string[] } | { name: 'plan'; paths: string[] } | undefined;
  const parser = yargs(argv)
    .scriptName('eks-migrate')
    .usage('$0 [paths..]\n\nRewrites Terraform, eksctl, user-data, Kubernetes and Helm files for an Amazon EKS upgrade, changing nothing else.')
    .command('$0 [paths..]', false, (y) => y.positional('paths', { type: 'string', array: true, describe: 'files or folders (default: .)' }))
    .command('rules', 'list the rules', () => {}, () => {
      sub = { name: 'rules' };
    })
    .command('explain <rule>', "print a rule's documentation", (y) => y.positional('rule', { type: 'string' }), (a) => {
      sub = { name: 'explain', rule: String(a.rule) };
    })
    .command('plan [paths..]', 'for each cluster: where it stands (versions, support, price), the hops to --target and what blocks or needs a person in each (--format text|markdown|json); writes nothing', (y) => y.positional('paths', { type: 'string', array: true }), (a) => {
      sub = { name: 'plan', paths: ((a.paths as string[] | undefined) ?? []).map(String) };
    })
    .command('graph [paths..]', 'print what eks-migrate sees: each cluster, its version, node groups and add-ons, with the file:line each value is written at', (y) => y.positional('paths', { type: 'string', array: true }), (a) => {
      sub = { name: 'graph', paths: ((a.paths as string[] | undefined) ?? []).map(String) };
    })
    .option('dry-run', { type: 'boolean', default: false, describe: 'print unified diffs and a summary; write nothing' })
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 2 while edits are pending (for CI)' })
    .option('patch', { type: 'string', requiresArg: true, describe: 'write the edits as a patch for git apply (- for stdout); touch no file' })
    .option('commit', { type: 'boolean', default: false, describe: 'with --patch: write a mail that git am applies as a commit' })
    .option('patch-series', { type: 'string', requiresArg: true, describe: 'write the journey to --target as one patch per step into this folder (0001-…): git am DIR/*.patch makes one commit per hop; touch no other file' })
    .option('rules', { type: 'string', describe: 'run only these rules (comma-separated ids)' })
    .option('target', { type: 'string', describe: 'where the upgrade goes: next (default: each cluster one minor above the version it runs), latest, or a version such as 1.34' })
    .option('ignore', { type: 'string', requiresArg: true, describe: 'skip paths matching this glob (repeatable; one glob each: the words after it are paths)' })
    .option('addons', { choices: ['off', 'compatible', 'latest-known'] as const, describe: 'pinned add-on versions: leave them, move what the target needs (default), or move every older pin to the newest known build' })
    .option('al2023', { choices: ['blue-green', 'in-place'] as const, describe: 'AL2 managed node groups on EKS AMIs (al2023-nodes): write a new AL2023 group beside each (blue-green, the default) or switch each in place (Terraform replaces it)' })
    .option('early-api-moves', { type: 'boolean', describe: 'also move objects off API versions deprecated at the target whose replacement it serves (--no-early-api-moves: only removed ones)' })
    .option('seccomp-default', { type: 'boolean', describe: 'turn kubelet seccomp defaulting on (--no-seccomp-default: leave it)' })
    .option('format', { choices: ['text', 'json', 'sarif', 'markdown'] as const, default: 'text' as Format, describe: 'report format (markdown: plan only)' })
    .option('output', { type: 'string', requiresArg: true, describe: 'write the report to this file (- for stdout)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only errors and the summary' })
    .option('verbose', { type: 'boolean', default: false, describe: 'also print information and suppressed findings' })
    .option('config', { type: 'string', requiresArg: true, describe: 'config file (default: .eks-migrate.yaml from here upward)' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'in place: also rewrite files with uncommitted git changes' })
    .option('max-file-size', { type: 'number', requiresArg: true, describe: 'skip (and report) files larger than this many MiB (default 10)' })
    .option('cache', { type: 'boolean', default: true, describe: 'reuse earlier results for files that did not change (--no-cache: read everything afresh)' })
    .option('cache-dir', { type: 'string', requiresArg: true, describe: 'where the cache lives (default $XDG_CACHE_HOME/eks-migrate, else ~/.cache/eks-migrate)' })
    .option('today', { type: 'string', hidden: true, describe: 'date for the support calendar (YYYY-MM-DD), for tests' })
    .epilog(
      'Exit codes: 0 nothing left to do; 1 usage or internal error; 2 edits pending (--check, --dry-run, --patch); ' +
        '3 findings need manual work; 4 some files could not be parsed. The highest that holds wins.',
    )
    .strict()
    .help()
    .version(VERSION)
    .exitProcess(false)
    .fail((msg, err) => {
      usage = msg ?? err?.message ?? 'invalid arguments';
    })
    .wrap(Math.min(110, process.stdout.columns ?? 100));

  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  try {
    args = await parser.parseAsync(argv, {}, (_err, _a, output) => {
      printed = output ?? '';
    });
  } catch (e) {
    usage ??= (e as Error).message;
    args = {} as never;
  }
  if (usage) {
    io.stderr.write(`eks-migrate: ${usage}\nRun eks-migrate --help for the options.\n`);
    return 1;
  }
  // an option that takes one value, given more than once (--output a --output b, --format json --format sarif):
  // the last one wins, as for most command-line tools; only --ignore and the paths add up
  for (const k of Object.keys(args)) if (!REPEATABLE.has(k) && Array.isArray((args as Record<string, unknown>)[k])) (args as Record<string, unknown>)[k] = ((args as Record<string, unknown>)[k] as unknown[]).at(-1);
  if (printed) {
    io.stdout.write(printed + '\n');
    return 0;
  }
  if (sub?.name === 'rules') return listRules(io);
  if (sub?.name === 'explain') return explain(io, sub.rule);
  if (sub?.name === 'graph') {
    if (args.format === 'sarif') {
      io.stderr.write('eks-migrate: graph prints text or json (--format text|json)\n');
      return 1;
    }
    const ignoreGlobs = ignoreArgs(args.ignore).map(String);
    for (const g of ignoreGlobs) {
      try {
        globMatcher(g);
      } catch (e) {
        io.stderr.write(`eks-migrate: --ignore ${JSON.stringify(g.length > 80 ? `${g.slice(0, 80)}…` : g)}: ${(e as Error).message}\n`);
        return 1;
      }
    }
    const g = await graphOf({ paths: sub.paths, cwd: io.cwd, ignore: ignoreGlobs });
    for (const d of g.diagnostics) io.stderr.write(`${d.file}: ${d.code}: ${d.message}\n`);
    const body = args.format === 'json' ? `${JSON.stringify({ version: 1, tool: { name: 'eks-migrate', version: VERSION }, ...g.report }, null, 2)}\n` : graphText(g.report);
    const out = args.output as string | undefined;
    try {
      if (out && out !== '-') writeOutput(path.resolve(io.cwd, out), body, io.cwd);
      else io.stdout.write(body);
    } catch (e) {
      if (e instanceof UsageError || e instanceof OutputError) {
        io.stderr.write(`eks-migrate: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    return 0;
  }

  const fail = (msg: string) => {
    io.stderr.write(`eks-migrate: ${msg}\n`);
    return 1;
  };
  const modes = [args['dry-run'] && 'dry-run', args.check && 'check', args.patch !== undefined && 'patch'].filter(Boolean) as Mode[];
  const maxSize = args['max-file-size'];
  if (maxSize !== undefined && !(Number.isFinite(Number(maxSize)) && Number(maxSize) > 0)) return fail('--max-file-size: expected a number of MiB greater than 0, such as 10');
  const todayArg = args.today as string | undefined;
  // EKS_MIGRATE_TODAY= (empty) counts as unset
  const runDate = todayArg ?? (env.EKS_MIGRATE_TODAY || undefined);
  if (runDate !== undefined && !isDate(String(runDate))) return fail(`${todayArg !== undefined ? '--today' : 'EKS_MIGRATE_TODAY'} ${runDate}: expected a date YYYY-MM-DD`);
  if (modes.length > 1) return fail(`choose one of --dry-run, --check and --patch (got ${modes.map((m) => `--${m}`).join(', ')})`);
  if (args.commit && args.patch === undefined) return fail('--commit goes with --patch FILE');
  const format = args.format as Format;

  let config: Config | undefined;
  try {
    const file = args.config ? path.resolve(io.cwd, args.config) : findConfig(io.cwd);
    if (file) config = loadConfig(file, RULES.map((r) => r.meta.id), path.relative(io.cwd, file) || file);
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    return fail(`cannot read the config file: ${(e as Error).message}`);
  }

  // an ignore glob eks-migrate does not take (extended globs, too many brace alternatives) is a usage error
  for (const [g, from] of [...(config?.ignore ?? []).map((g) => [g, path.relative(io.cwd, config!.file) || config!.file] as const), ...ignoreArgs(args.ignore).map((g) => [String(g), '--ignore'] as const)]) {
    try {
      globMatcher(g);
    } catch (e) {
      if (e instanceof GlobError) return fail(`${from}: ignore glob ${JSON.stringify(g.length > 80 ? `${g.slice(0, 80)}…` : g)}: ${e.message}`);
      throw e;
    }
  }

  // next (the default): each cluster one minor above the version it runs; latest; or a version
  const target = String(args.target ?? config?.target ?? 'next').trim().replace(/^v(?=1\.)/, '');
  const seccomp = args['seccomp-default'] ?? (config?.rules?.[SECCOMP_RULE] === false ? false : true);
  let ruleIds: string[] | undefined = args.rules ? String(args.rules).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (!ruleIds && config?.rules) {
    try {
      const base = selectRules(TARGET_WORDS.has(target) ? newestKnown() : target).map((r) => r.meta.id);
      const on = Object.entries(config.rules).filter(([, v]) => v).map(([k]) => k);
      ruleIds = [...new Set([...base, ...on])].filter((id) => config!.rules![id] !== false);
    } catch (e) {
      if (e instanceof UsageError) return fail(e.message);
      throw e;
    }
  }
  // after `--` every argument is a path (yargs leaves them in `_`), even one that starts with a dash
  const afterDashes = argv.includes('--') ? ((args._ as unknown[] | undefined) ?? []).map(String) : [];
  const paths = [...((args.paths as string[] | undefined) ?? []).map(String), ...afterDashes];
  const configDir = config ? path.dirname(config.file) : io.cwd;

  // a config's include names paths of the tree it sits in: one that resolves outside it (../x, an absolute path, a
  // committed symbolic link to a folder elsewhere) is refused, so a cloned repository cannot steer a run elsewhere
  let included: string[] = [];
  if (!paths.length && config?.include) {
    const treeRoot = realpathOr(gitRoot(configDir) ?? configDir);
    for (const p of config.include) {
      const abs = path.resolve(configDir, p);
      const real = realpathOr(abs);
      if (real !== treeRoot && !real.startsWith(treeRoot + path.sep)) {
        io.stderr.write(`eks-migrate: ${path.relative(io.cwd, config.file) || config.file}: include ${JSON.stringify(p)} resolves outside the tree (${real}): refused\n`);
        continue;
      }
      included.push(path.relative(io.cwd, abs) || '.');
    }
    if (!included.length) return fail('every include of the config file is outside the tree: nothing to do');
  }
  if (format === 'markdown' && sub?.name !== 'plan') return fail('--format markdown is for eks-migrate plan; a run reports as text, json or sarif');
  // a report or patch that could not be written is refused before anything is
  for (const o of [args.output, args.patch]) {
    if (typeof o !== 'string' || o === '-') continue;
    try {
      outputPath(path.resolve(io.cwd, o), io.cwd);
    } catch (e) {
      if (e instanceof UsageError) return fail(e.message);
      throw e;
    }
  }
  const progress = io.stderr.isTTY && !args.quiet && format === 'text';
  let lastTick = 0;
  try {
    const request: RunRequest = {
      paths: paths.length ? paths : included,
      cwd: io.cwd,
      mode: modes[0] ?? 'apply',
      rules: ruleIds,
      ignore: [...(config?.ignore ?? []), ...ignoreArgs(args.ignore).map(String)],
      options: { target, seccompDefault: seccomp, today: runDate ?? today(), ...(args.addons ? { addons: args.addons } : {}), ...(args['early-api-moves'] === false ? { earlyApiMoves: false } : {}), ...(args.al2023 ? { al2023: args.al2023 } : {}) },
      allowDirty: args['allow-dirty'],
      cacheDir: args.cache === false ? undefined : args['cache-dir'] ? path.resolve(io.cwd, String(args['cache-dir'])) : defaultCacheDir(env),
      tempDir: ((d) => d && path.join(d, 'temps'))(args['cache-dir'] ? path.resolve(io.cwd, String(args['cache-dir'])) : defaultCacheDir(env)),
      maxFileBytes: args['max-file-size'] !== undefined ? Math.round(Number(args['max-file-size']) * 1024 * 1024) : undefined,
      onProgress: progress
        ? (done, total) => {
            const now = Date.now();
            if (total < 500 || (now - lastTick < 100 && done < total)) return;
            lastTick = now;
            io.stderr.write(`\r\x1b[2Keks-migrate: ${done}/${total} files`);
            if (done === total) io.stderr.write('\r\x1b[2K');
          }
        : undefined,
    };
    const color = !!io.stdout.isTTY && !env.NO_COLOR && format === 'text' && !args.output;
    if (sub?.name === 'plan') {
      if (format === 'sarif') return fail('plan prints text, markdown or json');
      const p = await plan({ ...request, paths: sub.paths.length ? sub.paths : request.paths, mode: 'dry-run' }, target === 'latest' ? newestKnown() : target === 'next' ? '' : target);
      const body = format === 'json' ? planJson(p) : format === 'markdown' ? planMarkdown(p) : planText(p);
      if (args.output && args.output !== '-') writeOutput(path.resolve(io.cwd, args.output), body, io.cwd);
      else io.stdout.write(body);
      return 0;
    }
    // a journey: --patch-series, or a dry run to a version more than one hop above a cluster
    const series = args['patch-series'] as string | undefined;
    if (series !== undefined || (modes[0] === 'dry-run' && target !== 'next' && !ruleIds && format !== 'sarif')) {
      if (series !== undefined && modes.length) return fail('--patch-series writes the journey itself: leave out --dry-run, --check and --patch');
      const to = target === 'latest' ? newestKnown() : target;
      const j = await journey({ ...request, mode: 'dry-run', patchSeries: series !== undefined }, to === 'next' ? '' : to);
      if (series !== undefined) {
        const dir = path.resolve(io.cwd, series);
        fs.mkdirSync(dir, { recursive: true });
        const author = gitAuthor(io.cwd);
        for (const s of j.steps) {
          const lead = `Step ${s.n} of ${j.steps.length} on the way from Kubernetes ${j.from} to ${j.to} (eks-migrate ${VERSION}): ${s.title}.`;
          writeOutput(path.join(dir, stepFile(s)), mboxPatch(s.result, author, new Date(), { subject: s.title, lead, then: s.n < j.steps.length ? s.then : undefined }), io.cwd);
        }
        io.stderr.write(`eks-migrate: ${j.steps.length} patch${j.steps.length === 1 ? '' : 'es'} in ${path.relative(io.cwd, dir) || '.'} (${route(j)}): git am ${path.relative(io.cwd, dir) || '.'}/*.patch\n`);
        return Math.max(j.steps.some((s) => s.result.patch) ? 2 : 0, ...j.steps.map((s) => exitCode(s.result)).filter((c) => c !== 2));
      }
      if (j.steps.length && (j.hops.length > 1 || j.steps.length > 1)) {
        const stale = staleDataNote(request.options.today);
        const report = format === 'json' ? journeyJson(j, await run(request)) : journeyText(j, { quiet: args.quiet, verbose: args.verbose, color, notes: [...seccompNotes(j.steps[0].result), ...(stale ? [stale] : [])] }).stdout;
        if (args.output && args.output !== '-') writeOutput(path.resolve(io.cwd, args.output), report, io.cwd);
        else io.stdout.write(report);
        return journeyExit(j);
      }
    }
    const result = await run(request);
    const root = gitRoot(io.cwd) ?? io.cwd;
    if (result.mode === 'patch' && args.patch) {
      const patch = args.commit ? mboxPatch(result, gitAuthor(io.cwd)) : result.patch;
      if (args.patch === '-') io.stdout.write(patch);
      else writeOutput(path.resolve(io.cwd, args.patch), patch, io.cwd);
    }
    let report: string;
    let stderr = '';
    if (format === 'json') report = jsonReport(result);
    else if (format === 'sarif') report = sarifReport(result, io.cwd, root, sarifDocs);
    else {
      const stale = staleDataNote(result.options.today);
    const t = textReport(result, { quiet: args.quiet, verbose: args.verbose, color, notes: [...hopNotes(result), ...seccompNotes(result), ...(stale ? [stale] : [])] });
      report = t.stdout;
      stderr = t.stderr;
    }
    if (args.output && args.output !== '-') writeOutput(path.resolve(io.cwd, args.output), report, io.cwd);
    else if (result.mode === 'patch' && args.patch === '-') io.stderr.write(report);
    else io.stdout.write(report);
    if (format !== 'text' || (args.output && args.output !== '-')) {
      // the report went elsewhere: problems with files and the summary still reach the terminal
      const t = textReport(result, { quiet: true });
      stderr = t.stderr + (format === 'text' ? '' : t.stdout);
    }
    io.stderr.write(stderr);
    return exitCode(result);
  } catch (e) {
    if (e instanceof UsageError || e instanceof OutputError) return fail(e.message);
    io.stderr.write(`eks-migrate: internal error: ${(e as Error)?.message ?? e}\n`);
    if (env.EKS_MIGRATE_DEBUG) io.stderr.write(`${(e as Error)?.stack}\n`);
    else io.stderr.write('This is a bug in eks-migrate; run again with EKS_MIGRATE_DEBUG=1 for details.\n');
    return 1;
  }
}

/** The real path of `p` (symbolic links resolved), or `p` itself when it does not exist. */
function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Writes a report or patch file; never through a symbolic link (a repository may hold one that points elsewhere):
 * neither the file itself nor a folder on its way may take it outside the tree it is named in (the working folder's
 * repository, else the working folder). A path outside that tree (an absolute path elsewhere) is written as named.
 */
function writeOutput(file: string, text: string, cwd: string): void {
  const real = outputPath(file, cwd);
  let special = false;
  try {
    special = !fs.lstatSync(real).isFile();
  } catch {
    /* a new file */
  }
  if (special) {
    // a pipe or device (--output /dev/null, a FIFO) is written to, never replaced
    try {
      fs.writeFileSync(real, text);
    } catch (e) {
      throw new OutputError(`could not write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else replaceFile(real, text);
}

/** The real path `writeOutput` writes `file` at, or a UsageError saying why it will not. */
function outputPath(file: string, cwd: string): string {
  let link = false;
  try {
    link = fs.lstatSync(file).isSymbolicLink();
  } catch {
    /* a new file */
  }
  if (link) throw new UsageError(`${file} is a symbolic link: eks-migrate does not write through one (remove it, or name another file)`);
  const dir = containedPath(path.dirname(file), cwd);
  if (typeof dir !== 'string') throw new UsageError(`${file}: its folder ${dir.refused.replace(/: refused; name a path inside it$/, '')}; eks-migrate does not write through it (name another file)`);
  return path.join(dir, path.basename(file));
}

/** A report or patch that could not be written (a full disk, a read-only folder): exit 1 naming the file, no "internal error". */
class OutputError extends Error {}

/**
 * Writes `text` to a temporary file beside `file` and renames it over `file`: a full disk or a killed run leaves the
 * previous report as it was, never an empty or cut one.
 */
function replaceFile(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `${TEMP_MARK}${process.pid}-${crypto.randomBytes(4).toString('hex')}-${path.basename(file).slice(0, 64)}`);
  try {
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o666);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to remove */
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputError(`could not write ${file} (${code ?? (e as Error).message})${fs.existsSync(file) ? '; the file there is unchanged' : ''}`);
  }
}

/** Calls `done` once what was written to standard output and error has been handed to the OS. */
function drained(done: () => void, skip: ReadonlySet<NodeJS.WritableStream>): void {
  let left = 2;
  const one = () => {
    if (--left === 0) done();
  };
  for (const s of [process.stdout, process.stderr]) {
    if (skip.has(s) || s.writableLength === 0) one();
    else s.write('', one);
  }
}

/** Entry point of the `eks-migrate` bin. */
export function cli(): void {
  // A standard output closed at start (`>&-`) is not told apart: Node.js, and callers that discard output (Node's
  // stdio 'ignore', Python's subprocess.DEVNULL), all hold /dev/null open read-write there.
  // a reader that went away (EPIPE: `eks-migrate --dry-run | head -1`) is said on standard error, and the exit code says so
  let lost: string | undefined;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    lost ??= e.code ?? e.message;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => {
      const finish = () => {
        if (lost) {
          process.stderr.write(`eks-migrate: standard output was closed (${lost}): the report was not printed in full\n`);
          code = Math.max(code, 1);
        }
        // everything is written (standard streams to files and pipes are synchronous on Linux and macOS); exiting
        // now skips tearing down the wasm parsers
        if (process.platform === 'win32') process.exitCode = code;
        else process.exit(code);
      };
      // exit once standard output and error have drained (a pipe takes 64 KiB at a time: exiting at once cut the
      // report or patch short)
      // (a failed write reports its error on a later tick: wait for it)
      if (process.platform === 'win32') finish();
      else setImmediate(() => drained(finish, new Set(lost || process.stdout.destroyed ? [process.stdout] : [])));
    },
    (e) => {
      process.stderr.write(`eks-migrate: internal error: ${(e as Error)?.message ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
