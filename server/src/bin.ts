/** The `replscope` executable (dist/cli.js): runs the command line and leaves its exit code to the process. */
import { main } from './cli';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
