import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { jetstreamManager, RetentionPolicy } from '@nats-io/jetstream';
import { connectNats, parseNatsUrl } from './connect.js';
import { RUNS_STREAM } from './names.js';
import { openTickfoldNats } from './schema.js';
import { startNatsServer, type TestNatsServer } from './localServer.js';

describe('connecting to NATS', () => {
  it('accepts nats://host:port, host:port and host', () => {
    expect(parseNatsUrl('nats://127.0.0.1:4333')).toBe('nats://127.0.0.1:4333');
    expect(parseNatsUrl('127.0.0.1:4333')).toBe('nats://127.0.0.1:4333');
    expect(parseNatsUrl('localhost')).toBe('nats://localhost');
  });

  it.each(['http://127.0.0.1:4222', 'nats://', 'nats://127.0.0.1:4222/x', 'nats://127.0.0.1:99999'])('refuses %s as E_NATS_URL', (url) => {
    expect(() => parseNatsUrl(url)).toThrow(expect.objectContaining({ code: 'E_NATS_URL' }));
  });

  it('an address where no server listens is E_NATS_UNREACHABLE, saying how to start one', async () => {
    // A port that was free a moment ago: bound, read, released.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await connectNats(`nats://127.0.0.1:${port}`, { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_NATS_UNREACHABLE' });
    expect(String((err as Error).message)).toMatch(/nats-server -js/);
  });
});

describe('tickfold streams on a server', () => {
  let server: TestNatsServer;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => server?.stop());

  it('a stream of the same name with another schema is E_NATS_SCHEMA, and is left as it was', async () => {
    const nc = await connectNats(server.url);
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: RUNS_STREAM, subjects: ['orders.>'], retention: RetentionPolicy.Limits });
      await expect(openTickfoldNats(nc)).rejects.toMatchObject({ code: 'E_NATS_SCHEMA', details: { stream: RUNS_STREAM } });
      expect((await jsm.streams.info(RUNS_STREAM)).config.subjects).toEqual(['orders.>']);
      await jsm.streams.delete(RUNS_STREAM);
      const t = await openTickfoldNats(nc);
      expect((await t.jsm.streams.info(RUNS_STREAM)).config.subjects).toEqual(['tickfold.run.*']);
    } finally {
      await nc.close();
    }
  });

  it('opening twice (two processes starting together) creates each stream once', async () => {
    const [a, b] = await Promise.all([connectNats(server.url), connectNats(server.url)]);
    try {
      await Promise.all([openTickfoldNats(a), openTickfoldNats(b)]);
      const names: string[] = [];
      for await (const n of (await jetstreamManager(a)).streams.names()) names.push(n);
      expect(names.filter((n) => n.startsWith('TICKFOLD_')).sort()).toEqual(['TICKFOLD_JOBS', 'TICKFOLD_RUNS']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a server without JetStream is E_NATS_NO_JETSTREAM, saying to start it with -js', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const nc = await connectNats(plain.url);
    try {
      const err = await openTickfoldNats(nc).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_NATS_NO_JETSTREAM' });
      expect(String((err as Error).message)).toMatch(/-js/);
    } finally {
      await nc.close();
      await plain.stop();
    }
  });
});
