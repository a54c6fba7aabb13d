import { afterAll, beforeAll } from 'vitest';
import { connectNats } from '../connect.js';
import { startNatsServer, type TestNatsServer } from '../localServer.js';
import { RUNS_STREAM, runSubject } from '../names.js';
import { openTickfoldNats, type TickfoldNats } from '../schema.js';

/** A suite's own nats-server and connection: started before its tests, stopped after them. */
export function useNatsServer(options: { readonly ackWaitMs?: number } = {}): { server: TestNatsServer; t: TickfoldNats } {
  const fixture = {} as { server: TestNatsServer; t: TickfoldNats };
  beforeAll(async () => {
    fixture.server = await startNatsServer();
    fixture.t = await openTickfoldNats(await connectNats(fixture.server.url), options);
  });
  afterAll(async () => {
    await fixture.t?.nc.close();
    await fixture.server?.stop();
  });
  return fixture;
}

/** Polls `check` every 20 ms until it holds (an error counts as not yet: the server may be away). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the server is away for a moment
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many chunks the run's subject holds. */
export const chunkCount = async (t: TickfoldNats, runId: string): Promise<number> =>
  (await t.jsm.streams.info(RUNS_STREAM, { subjects_filter: runSubject(runId) })).state.subjects?.[runSubject(runId)] ?? 0;
