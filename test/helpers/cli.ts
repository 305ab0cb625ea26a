/**
 * Running the CLI in-process (main() with captured streams) and making throwaway git repositories for it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli';
import { tempDir, TODAY } from './fixtures';

export const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A temporary git repository holding `files`, all committed. */
export function gitRepo(files: Record<string, string | Buffer>, prefix = 'eksm-cli-'): string {
  const dir = tempDir(prefix);
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=t@local', '-c', 'user.name=t', 'commit', '-qm', 'base');
  return dir;
}

/** `eks-migrate --today TODAY ARGS` in `dir` (a --today in ARGS wins); standard output and error captured (as a terminal when `tty`). */
/**
 * The CLI in this process. The tests were written for the 1.27 hop: `--target 1.27` is added unless the call names a
 * target, runs a subcommand, or a config file may give one (`hop: undefined` leaves the tool's own default).
 */
export async function runCli(dir: string, args: readonly string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv; hop?: string | undefined } = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => ({ isTTY: opts.tty ?? false, write: (s: string) => (f(String(s)), true) }) as unknown as NodeJS.WritableStream;
  const hop = 'hop' in opts ? opts.hop : '1.27';
  const named = args.some((a) => a === '--target' || a.startsWith('--target=')) || /^(rules|explain|graph|plan)$/.test(args[0] ?? '') || args.includes('--version') || args.includes('--help');
  let config = args.includes('--config');
  for (let d = dir; !config; d = path.dirname(d)) {
    config = fs.existsSync(path.join(d, '.eks-migrate.yaml'));
    if (path.dirname(d) === d) break;
  }
  const extra = hop && !named && !config ? ['--target', hop] : [];
  const code = await main(['--today', TODAY, ...extra, ...args], { cwd: dir, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: opts.env ?? {} });
  return { code, stdout, stderr, all: stdout + stderr };
}

/** A function that marks a temporary folder for removal after each test; it returns the folder. */
export function removedAfterEach(): (dir: string) => string {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  return (d) => (dirs.push(d), d);
}
