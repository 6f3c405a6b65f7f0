/**
 * The command line (started by bin.ts): the same pipeline as the editor, without an editor. `replscope COMMAND …`; each command lives in
 * cli/<command>.ts and is loaded only when asked for. Arguments are parsed strictly (`node:util` parseArgs: an
 * unknown flag is an error). Exit codes: 0 all well, 1 the file has errors or an expectation failed, 2 a usage or
 * input/output problem (unreadable or too large input, a closed or full output).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exit, type CliCommand, type OptionValues } from './cli/command';
import { Output } from './cli/output';

declare const REPLSCOPE_VERSION: string;

/** The commands, by name. Adding one is one line here and a file cli/<name>.ts exporting a CliCommand. */
const commands: Record<string, () => Promise<CliCommand>> = {
  check: async () => (await import('./cli/check')).checkCommand,
  run: async () => (await import('./cli/run')).runCommand,
  explore: async () => (await import('./cli/explore')).exploreCommand,
  shrink: async () => (await import('./cli/shrink')).shrinkCommand,
  verify: async () => (await import('./cli/verify')).verifyCommand,
  test: async () => (await import('./cli/test')).testCommand,
};

function version(): string {
  return typeof REPLSCOPE_VERSION === 'string' ? REPLSCOPE_VERSION : 'unknown';
}

async function overview(): Promise<string> {
  const lines = ['usage: replscope COMMAND [OPTIONS] FILE…', '', 'commands:'];
  for (const [name, load] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${(await load()).summary}`);
  lines.push('', '  replscope COMMAND --help   the options of a command', '  replscope --version        the version', '');
  return lines.join('\n');
}

async function dispatch(argv: string[], stdout: Output, stderr: Output): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    await stdout.text(await overview());
    return exit.ok;
  }
  if (name === '--version' || name === '-v') {
    await stdout.text(`replscope ${version()}\n`);
    return exit.ok;
  }
  const load = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    await stderr.text(`${name === undefined ? 'replscope: no command' : `replscope: unknown command '${name}'`}\n\n${await overview()}`);
    return exit.usage;
  }
  const command = await load();
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs<ParseArgsConfig>({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    await stderr.text(`replscope ${name}: ${e instanceof Error ? e.message : String(e)}\n\n${command.help}`);
    return exit.usage;
  }
  if (parsed.values.help) {
    await stdout.text(command.help);
    return exit.ok;
  }
  const problem = command.validate?.(parsed.values, parsed.positionals);
  if (problem) {
    await stderr.text(`replscope ${name}: ${problem}\n\n${command.help}`);
    return exit.usage;
  }
  return command.run({ stdout, stderr, values: parsed.values, positionals: parsed.positionals });
}

/** Runs the command line on `argv` (without node and the script) and resolves to the exit code. */
export async function main(
  argv: string[],
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): Promise<number> {
  const stdout = new Output(streams.stdout);
  const stderr = new Output(streams.stderr, stdout);
  let code: number;
  try {
    code = await dispatch(argv, stdout, stderr);
  } finally {
    await stdout.close();
    await stderr.close();
  }
  if (stdout.failure) {
    // The output could not be written (a closed pipe, a full disk): an input/output problem, whatever the run said.
    await stderr.text(`replscope: cannot write the output: ${stdout.failure.message}\n`);
    await stderr.close();
    return exit.usage;
  }
  return stderr.failure ? exit.usage : code;
}
