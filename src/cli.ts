/**
 * argv → command functions. The only place that calls process.exit. Commands are imported
 * lazily so that `--version`, `--help` and `validate` never load Ink or the database drivers.
 */
import { isatty } from 'node:tty';
import { Command, CommanderError } from 'commander';
import { DrpError, UsageError } from './errors.js';
import { RunbookError } from './runbook/problem.js';
import type { RunOptions } from './commands/run.js';
import pkg from '../package.json' with { type: 'json' };

const program = new Command()
  .name('drp')
  .description('The disaster recovery runbook player.')
  .version(pkg.version, '-V, --version')
  .showSuggestionAfterError(true)
  .exitOverride();

program.argument('[command]').action(async (word: string | undefined) => {
  if (word !== undefined) {
    const { didYouMean } = await import('./runbook/suggest.js');
    const names = program.commands.map((command) => command.name());
    throw new UsageError(`unknown command "${word}"; ${didYouMean(word, names, 'one of')}`, 'See drp --help.');
  }
  exit(await (await import('./commands/start.js')).startCommand());
});

program
  .command('validate')
  .description('check runbooks (files or folders); every problem as file:line:col: message')
  .argument('[path...]', 'runbook files or folders (default: ./runbooks, else the bundled runbooks)')
  .action(async (paths: string[]) => exit(await (await import('./commands/validate.js')).validateCommand(paths)));

program
  .command('list')
  .description('the runbooks found, with id, title, system, severity, RTO, RPO, step count, file')
  .argument('[path]', 'folder or file (default: ./runbooks, else the bundled runbooks)')
  .option('--json', 'print JSON')
  .action(async (path: string | undefined, options: { json?: boolean }) => exit((await import('./commands/list.js')).listCommand(path, options)));

program
  .command('run')
  .description('play a runbook (the TUI, or unattended with --non-interactive)')
  .argument('<file>', 'the runbook')
  .option('--non-interactive', 'play unattended: commands and checks run; manual steps are recorded unattended unless --answers gives them')
  .option('--drill', "drill mode: use variables' drill values, skip steps marked only: incident")
  .option('--incident', 'incident mode (the default)')
  .option('--dry-run', 'show every command after substitution; execute nothing')
  .option('--var <NAME=VALUE>', 'set a variable (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
  .option('--answers <file>', 'answers for decisions, inputs, checklists and confirmations (YAML)')
  .option('--impact-at <time>', 'when impact began: an ISO time or an offset such as -25m (default: now)')
  .action(async (file: string, options: RunOptions) => exit(await (await import('./commands/run.js')).runCommand(file, options)));

program
  .command('resume')
  .description('continue an interrupted session (default: the latest unfinished one) with its clocks intact')
  .argument('[session]', 'session id or a unique part of it')
  .option('--non-interactive', 'continue unattended')
  .option('--var <NAME=VALUE>', 'set a variable, e.g. a secret again (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
  .option('--answers <file>', 'answers for decisions, inputs, checklists and confirmations (YAML)')
  .action(async (id: string | undefined, options: RunOptions) => exit(await (await import('./commands/run.js')).resumeCommand(id, options)));

program
  .command('sessions')
  .description('past and unfinished sessions: id, runbook, mode, started, duration, outcome, RTO met')
  .option('--runbook <id>', 'only the sessions of this runbook')
  .option('--json', 'print JSON')
  .action(async (options: { runbook?: string; json?: boolean }) => exit((await import('./commands/sessions.js')).sessionsCommand(options)));

program
  .command('report')
  .description('write the report of a session (finished or not) as markdown or JSON')
  .argument('<session>', 'session id or a unique prefix of it')
  .option('--format <format>', 'md or json', 'md')
  .option('-o, --output <file>', 'write to this file instead of stdout')
  .action(async (session: string, options: { format?: string; output?: string }) => exit((await import('./commands/report.js')).reportCommand(session, options)));

program
  .command('config')
  .description('get or set a setting: operator, runbooks (folder), reports (folder)')
  .argument('<action>', 'get or set')
  .argument('<key>', 'operator, runbooks or reports')
  .argument('[value]', 'the new value (set); "" resets it')
  .action(async (action: string, key: string, value: string | undefined) => exit(await (await import('./commands/config.js')).configCommand(action, key, value)));

program
  .command('schema')
  .description('print the runbook JSON Schema (for editors)')
  .action(async () => exit((await import('./commands/schema.js')).schemaCommand()));

/** The stdio descriptors that were a terminal when drp started. */
const terminalFds = [0, 1, 2].filter((fd) => isatty(fd));

function exit(code: number): never {
  // The terminal hung up under us (SIGHUP: a closed tmux pane, a dropped SSH session). Node 20
  // aborts with a core dump when it cannot restore that terminal on exit (nodejs/node#51519,
  // fixed in later versions): leave the way a process whose terminal went away conventionally
  // does, by the hangup signal. The journal was made durable before this point.
  if (terminalFds.length > 0 && terminalFds.every((fd) => !isatty(fd))) {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
  process.exit(code);
}

function fail(error: unknown): never {
  if (error instanceof CommanderError) exit(error.exitCode === 1 ? 2 : error.exitCode);
  if (error instanceof RunbookError) {
    process.stderr.write(`${error.message}\n`);
    exit(2);
  }
  if (error instanceof DrpError) {
    process.stderr.write(`drp: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`drp: unexpected error: ${message}\nThis is a bug in drp; the session journal, if any, is intact.\n`);
  if (process.env.DRP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error);
}
