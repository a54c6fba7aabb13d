import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A nats-server with JetStream on a free loopback port and its own store directory (tests, benchmarks). */
export interface TestNatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** SIGKILL the server (the store stays). */
  kill(): Promise<void>;
  /** Start it again on the same port and store. */
  restart(): Promise<void>;
  /** Stop it and delete the store. */
  stop(): Promise<void>;
}

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/**
 * The NATS tests need a real server; a fresh machine may lack it. As root on Debian it is
 * installed (as `.ci/run` does); anywhere else the tests fail saying what to install — never skip.
 */
export function ensureNatsServer(): string {
  if (onPath('nats-server')) return 'nats-server';
  // Debian installs it in /usr/sbin, which a non-root PATH often lacks.
  for (const p of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) if (existsSync(p)) return p;
  const root = process.getuid?.() === 0;
  if (root && onPath('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'nats-server'], { stdio: 'inherit', env });
    if (r.status === 0) return ensureNatsServer();
  }
  throw new Error(
    'the NATS tests need nats-server (2.9 or newer) on PATH and it is missing: install it with ' +
      "'sudo apt-get install nats-server' (Debian/Ubuntu) or from https://github.com/nats-io/nats-server/releases, then run the tests again",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    // JetStream is ready once the server logs it; the port opens a moment before.
    if (ok && /Server is ready/.test(log())) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nats-server did not start on port ${port}: ${log()}`);
}

/** Starts `nats-server -js` on 127.0.0.1 and a free port, storing under a fresh temp directory (`jetstream: false`: plain NATS). */
export async function startNatsServer(options: { readonly jetstream?: boolean } = {}): Promise<TestNatsServer> {
  const bin = ensureNatsServer();
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'tickfold-nats-'));
  let child: ChildProcess;
  const launch = async () => {
    let out = '';
    const js = options.jetstream === false ? [] : ['-js', '-sd', storeDir];
    child = spawn(bin, [...js, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitListening(port, child, () => out);
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill: () => halt('SIGKILL'),
    restart: launch,
    async stop() {
      await halt('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
