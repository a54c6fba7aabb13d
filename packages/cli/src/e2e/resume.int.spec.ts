import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold, type Outcome } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const TICKS = '300';
const cwd = tempDir();
let uninterrupted: RunSummary;

/** Starts a run and waits until it has written `segments` event segments (one per simulated day). */
async function startAndWaitFor(out: string, segments: number) {
  const run = start(['run', '--ticks', TICKS, '--seed', '3', '--out', out], cwd);
  const events = join(cwd, out, 'events');
  for (let i = 0; i < 400; i++) {
    if (existsSync(events) && readdirSync(events).length >= segments) return run;
    await sleep(25);
  }
  run.child.kill('SIGKILL');
  throw new Error(`the run never wrote ${segments} segments; stderr: ${(await run.done).stderr}`);
}

beforeAll(async () => {
  uninterrupted = json<RunSummary>(await tickfold(['run', '--ticks', TICKS, '--seed', '3', '--out', 'runs/whole', '--json'], cwd));
});

describe('interrupted runs resume to the uninterrupted result', () => {
  it('SIGKILL mid-run, then --resume, reaches the same head hash', async () => {
    const run = await startAndWaitFor('runs/killed', 60);
    run.child.kill('SIGKILL');
    const killed: Outcome = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await tickfold(['run', '--resume', 'runs/killed', '--json'], cwd);
    expect(resumed.code).toBe(0);
    const summary = json<RunSummary>(resumed);
    expect(summary.head).toBe(uninterrupted.head);
    expect({ ...summary, run: '' }).toEqual({ ...uninterrupted, run: '' });
  });

  it('Ctrl-C stops cleanly with exit 130, prints the summary, and --resume finishes the run', async () => {
    const run = await startAndWaitFor('runs/interrupted', 60);
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/^stopped \(resumable\): \d+ ticks/);
    expect(stopped.stderr).toContain('continue with: tickfold run --resume');
    const verify = await tickfold(['verify', 'runs/interrupted', '--json'], cwd);
    expect(json(verify)).toMatchObject({ ok: true, ended: false, openTickEvents: 0 });
    expect(json<{ snapshots: { valid: number } }>(verify).snapshots.valid).toBeGreaterThan(0);
    const resumed = await tickfold(['run', '--resume', 'runs/interrupted', '--json'], cwd);
    expect(json<RunSummary>(resumed).head).toBe(uninterrupted.head);
  });

  it('refuses to resume a run that already ended', async () => {
    const again = await tickfold(['run', '--resume', 'runs/whole'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/E_RUN_ENDED: run .*whole already ended at tick 300/);
  });
});
