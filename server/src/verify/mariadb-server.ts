/**
 * Real MariaDB servers for `replscope verify`: each in its own temporary data directory, on a free 127.0.0.1 port,
 * started with `mariadbd` and stopped by its PID (SIGTERM for a clean shutdown, SIGKILL for a crash). A system
 * database made once per run by `mariadb-install-db` is copied for each server, so that a server starts in a second.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mariadb from 'mariadb';

/** Where the MariaDB binaries are; `PATH` lookups by default. */
export interface Binaries {
  mariadbd: string;
  installDb: string;
}

/** Options every server gets: small buffers (a test machine), Debian's character set (positions depend on it). */
const COMMON = [
  '--no-defaults',
  '--bind-address=127.0.0.1',
  '--skip-networking=0',
  '--innodb-buffer-pool-size=24M',
  '--innodb-log-file-size=4M',
  '--performance-schema=OFF',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_general_ci',
  '--max-connections=64',
  '--skip-name-resolve=0',
];

function userOption(): string[] {
  return typeof process.getuid === 'function' && process.getuid() === 0 ? ['--user=root'] : [];
}

/** Finds the binaries: `mariadbd` in PATH or /usr/sbin. Undefined when MariaDB is not installed. */
export function findBinaries(): Binaries | undefined {
  const look = (name: string): string | undefined => {
    for (const dir of [...(process.env['PATH'] ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
    return undefined;
  };
  const mariadbd = look('mariadbd');
  const installDb = look('mariadb-install-db');
  return mariadbd && installDb ? { mariadbd, installDb } : undefined;
}

/** The version `mariadbd --version` prints (`10.11.19-MariaDB-0+deb12u1`). */
export function serverVersion(bin: Binaries): string {
  const r = spawnSync(bin.mariadbd, ['--version'], { encoding: 'utf8' });
  return /Ver\s+(\S+)/.exec(r.stdout ?? '')?.[1] ?? 'unknown';
}

/**
 * Ports already given to a server of this process. A server keeps its port across a crash and a restart, so while it
 * is down the system could hand the same port to a server of another scenario run in parallel, whose replicas would
 * then reach the wrong server: a port is never given twice.
 */
const givenPorts = new Set<number>();

/** A port that was free on 127.0.0.1 a moment ago and that no other server of this process has been given. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await systemFreePort();
    if (givenPorts.has(port)) continue;
    givenPorts.add(port);
    return port;
  }
  throw new Error('no free port on 127.0.0.1 that was not given already');
}

/** A port that was free on 127.0.0.1 a moment ago (the system's choice). */
function systemFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A bound for a race: does not keep the process alive once the rest is done. */
const bound = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** A temporary directory holding every server's data directory of one verify run. */
export class Workspace {
  readonly root: string;
  private template: string | undefined;
  readonly servers: RealServer[] = [];

  constructor(readonly bin: Binaries) {
    this.root = mkdtempSync(join(tmpdir(), 'replscope-verify-'));
  }

  /**
   * The system database, made once and copied for each server. REPLSCOPE_MARIADB_TEMPLATE names a directory that
   * already holds one (made by mariadb-install-db with the same options), so that a series of runs makes it once.
   */
  private templateDir(): string {
    if (this.template) return this.template;
    const given = process.env['REPLSCOPE_MARIADB_TEMPLATE'];
    if (given && existsSync(join(given, 'mysql'))) return (this.template = given);
    const dir = given ?? join(this.root, 'template');
    const r = spawnSync(
      this.bin.installDb,
      [
        '--no-defaults',
        `--datadir=${dir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--innodb-buffer-pool-size=24M',
        '--innodb-log-file-size=4M',
        ...userOption(),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr || r.stdout}`);
    this.template = dir;
    return dir;
  }

  /** A new server (not started) with its own data directory and port. */
  async create(name: string, options: string[]): Promise<RealServer> {
    const datadir = join(this.root, name);
    cpSync(this.templateDir(), datadir, { recursive: true });
    const server = new RealServer(this.bin, name, datadir, await freePort(), options);
    this.servers.push(server);
    return server;
  }

  /** On an abrupt exit: SIGKILL to every server still running, by its PID. */
  killAllSync(): void {
    for (const s of this.servers) {
      const pid = s.pid;
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }

  /** Stops every server still running (by its PID) and removes the directory. */
  async dispose(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.kill()));
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** One mariadbd process on a data directory, started and stopped by PID. */
export class RealServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  constructor(
    readonly bin: Binaries,
    readonly name: string,
    readonly datadir: string,
    readonly port: number,
    readonly options: string[],
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get errorLogPath(): string {
    return join(this.datadir, 'error.log');
  }

  /** The error log so far. */
  errorLog(): string {
    try {
      return readFileSync(this.errorLogPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** Starts mariadbd and waits until it accepts connections (crash recovery included). */
  async start(): Promise<void> {
    if (this.child) return;
    const args = [
      ...COMMON,
      ...userOption(),
      `--datadir=${this.datadir}`,
      `--port=${this.port}`,
      `--socket=${join(this.datadir, 'mariadb.sock')}`,
      `--pid-file=${join(this.datadir, 'mariadb.pid')}`,
      `--log-error=${this.errorLogPath}`,
      ...this.options,
    ];
    const child = spawn(this.bin.mariadbd, args, { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.child !== child) throw new Error(`${this.name}: mariadbd exited at start:\n${this.errorLog().slice(-2000)}`);
      try {
        const c = await this.connect();
        await c.end();
        return;
      } catch (e) {
        if (Date.now() > deadline) {
          await this.kill();
          throw new Error(`${this.name}: mariadbd did not accept connections in 30 s: ${e instanceof Error ? e.message : String(e)}`);
        }
        await sleep(50);
      }
    }
  }

  /**
   * A new connection as root (or a client's own account, `user`; no password) over 127.0.0.1. A connection that breaks while idle (the server crashed,
   * the session was killed) says so at its next query; its `error` event is not an error of the run.
   */
  async connect(database?: string, user = 'root'): Promise<mariadb.Connection> {
    const conn = await mariadb.createConnection({
      host: '127.0.0.1',
      port: this.port,
      user,
      password: '',
      connectTimeout: 2000,
      bigIntAsNumber: true,
      insertIdAsNumber: true,
      decimalAsNumber: true,
      ...(database !== undefined ? { database } : {}),
    });
    conn.on('error', () => undefined);
    return conn;
  }

  /** `kill -9`: a process crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** A clean shutdown (SIGTERM), waited for. */
  async shutdown(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const done = await Promise.race([this.exited?.then(() => true), bound(30_000).then(() => false)]);
    if (!done) await this.kill();
    this.child = undefined;
  }
}
