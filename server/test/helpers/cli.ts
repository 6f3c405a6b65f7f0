import { PassThrough } from 'node:stream';
import { main } from '../../src/cli';

/** Runs the command line in this process, as `replscope ARGV…`, and gives its exit code and what it wrote. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}
