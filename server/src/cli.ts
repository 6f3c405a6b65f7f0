/**
 * `replscope check FILE…`: the same analysis as the editor, printed as `file:line:col: severity: message`.
 * Exit status: 0 clean (warnings allowed), 1 when any file has an error, 2 when a file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { analyze } from './language/analyze';

const usage = `usage: replscope check FILE…

  check FILE…   parse and check scenario files; print one line per problem
`;

function check(files: string[]): number {
  let status = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 2;
      continue;
    }
    for (const d of analyze(text).diagnostics) {
      const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
      process.stdout.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${d.message}\n`);
      if (d.severity === 'error' && status === 0) status = 1;
    }
  }
  return status;
}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  if (command === 'check' && args.length > 0) return check(args);
  if (command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return 0;
  }
  process.stderr.write(usage);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
