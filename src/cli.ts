/**
 * Command line: parses arguments (yargs), calls run(), prints the report, returns the exit code. User mistakes
 * print one line and exit 1; a crash prints its stack only with EKS_MIGRATE_DEBUG=1.
 */
import yargs from 'yargs';
import { exitCode, textReport } from './report/text';
import { run, UsageError, type Mode } from './run';

const today = () => new Date().toISOString().slice(0, 10);

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string }): Promise<number> {
  let usage: string | undefined;
  const parser = yargs(argv)
    .scriptName('eks-migrate')
    .usage('$0 [paths..]\n\nRewrites Terraform, eksctl and user-data files for an Amazon EKS upgrade, changing nothing else.')
    .command('$0 [paths..]', false, (y) => y.positional('paths', { type: 'string', array: true, describe: 'files or folders (default: .)' }))
    .option('dry-run', { type: 'boolean', default: false, describe: 'print unified diffs and a summary; write nothing' })
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 2 while edits are pending (for CI)' })
    .option('patch', { type: 'string', requiresArg: true, describe: 'write the edits as a patch for git apply (- for stdout); touch no file' })
    .option('rules', { type: 'string', describe: 'run only these rules (comma-separated ids)' })
    .option('target', { type: 'string', default: '1.27', describe: 'Kubernetes version the upgrade goes to' })
    .option('ignore', { type: 'string', array: true, describe: 'skip paths matching this glob (repeatable)' })
    .option('seccomp-default', { type: 'boolean', default: true, describe: 'turn kubelet seccomp defaulting on (--no-seccomp-default: leave it)' })
    .option('today', { type: 'string', hidden: true, describe: 'date for the support calendar (YYYY-MM-DD), for tests' })
    .epilog('Exit codes: 0 nothing left to do; 1 usage or internal error; 2 edits pending (--check, --dry-run, --patch); 3 findings need manual work; 4 some files could not be parsed. The highest that holds wins.')
    .strict()
    .help()
    .version()
    .exitProcess(false)
    .fail((msg, err) => {
      usage = msg ?? err?.message ?? 'invalid arguments';
    })
    .wrap(Math.min(110, process.stdout.columns ?? 100));

  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  let printed = '';
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
  if (printed) {
    io.stdout.write(printed + '\n');
    return 0;
  }
  const modes = [args['dry-run'] && 'dry-run', args.check && 'check', args.patch !== undefined && 'patch'].filter(Boolean) as Mode[];
  if (modes.length > 1) {
    io.stderr.write(`eks-migrate: choose one of --dry-run, --check and --patch (got ${modes.map((m) => `--${m}`).join(', ')})\n`);
    return 1;
  }
  try {
    const result = await run({
      paths: ((args.paths as string[] | undefined) ?? []).map(String),
      cwd: io.cwd,
      mode: modes[0] ?? 'apply',
      patchFile: args.patch,
      rules: args.rules ? String(args.rules).split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      ignore: (args.ignore as string[] | undefined)?.map(String),
      options: { target: String(args.target), seccompDefault: args['seccomp-default'] !== false, today: args.today ?? process.env.EKS_MIGRATE_TODAY ?? today() },
    });
    if (result.mode === 'patch' && args.patch === '-') io.stdout.write(result.patch);
    const report = textReport(result);
    if (result.mode === 'patch' && args.patch === '-') io.stderr.write(report.stdout);
    else io.stdout.write(report.stdout);
    io.stderr.write(report.stderr);
    return exitCode(result);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`eks-migrate: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`eks-migrate: internal error: ${(e as Error)?.message ?? e}\n`);
    if (process.env.EKS_MIGRATE_DEBUG) io.stderr.write(`${(e as Error)?.stack}\n`);
    else io.stderr.write('This is a bug in eks-migrate; run again with EKS_MIGRATE_DEBUG=1 for details.\n');
    return 1;
  }
}

/** Entry point of the `eks-migrate` bin. */
export function cli(): void {
  const done = (code: number) => {
    process.exitCode = code;
  };
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(done, (e) => {
    process.stderr.write(`eks-migrate: internal error: ${(e as Error)?.message ?? e}\n`);
    done(1);
  });
}

