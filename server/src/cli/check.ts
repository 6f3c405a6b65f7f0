/** `replscope check FILE…`: parse and check scenario files, one line per problem. */
import { analyze } from '../language/analyze';
import { exit, printDiagnostics, readScenario, type CliCommand } from './command';

export const checkCommand: CliCommand = {
  summary: 'parse and check scenario files; print one line per problem',
  help: `usage: replscope check FILE…

  Parses and checks each file and prints \`file:line:col: severity: message\` for every problem.
  Exit 0 when no file has an error, 1 when one has, 2 when a file cannot be read or is too large.
`,
  options: {},
  validate: (_values, positionals) => (positionals.length === 0 ? 'check needs at least one FILE' : undefined),
  async run({ positionals, stdout, stderr }) {
    let status: number = exit.ok;
    for (const file of positionals) {
      const input = readScenario(file);
      if ('error' in input) {
        await stderr.text(`${input.error}\n`);
        status = exit.usage;
        continue;
      }
      if ((await printDiagnostics(file, analyze(input.text), stdout)) && status === exit.ok) status = exit.failed;
    }
    return status;
  },
};
