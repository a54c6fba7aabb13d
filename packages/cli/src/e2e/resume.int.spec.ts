import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold, type Outcome } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

// Long enough that the log is written out (1 MB at a time under the default group commit) well before the end.
const TICKS = '4000';
const cwd = tempDir();
// Started at once and awaited where needed, so it runs alongside the interrupted ones.
const whole = tickfold(['run', '--ticks', TICKS, '--seed', '3', '--out', 'runs/whole', '--json'], cwd).then((o) => json<RunSummary>(o));

/** Starts a run and waits until its event log holds `bytes` (the whole 4,000-tick log is ~6.4 MB). */
async function startAndWaitFor(out: string, bytes: number) {
  const run = start(['run', '--ticks', TICKS, '--seed', '3', '--out', out], cwd);
  const events = join(cwd, out, 'events');
  const logBytes = () => (existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0);
  for (let i = 0; i < 400; i++) {
    if (logBytes() >= bytes) return run;
    await sleep(25);
  }
  run.child.kill('SIGKILL');
  throw new Error(`the run never wrote ${bytes} bytes of log; stderr: ${(await run.done).stderr}`);
}

// Several 4,000-tick processes each: minutes on a loaded machine.
describe.concurrent('interrupted runs resume to the uninterrupted result', { timeout: 120_000 }, () => {
  it('SIGKILL mid-run, then --resume, reaches the same head hash', async () => {
    const run = await startAndWaitFor('runs/killed', 1_000_000);
    run.child.kill('SIGKILL');
    const killed: Outcome = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await tickfold(['run', '--resume', 'runs/killed', '--json'], cwd);
    expect(resumed.code).toBe(0);
    const summary = json<RunSummary>(resumed);
    const uninterrupted = await whole;
    expect(summary.head).toBe(uninterrupted.head);
    expect({ ...summary, run: '' }).toEqual({ ...uninterrupted, run: '' });
  });

  it('Ctrl-C stops cleanly with exit 130, prints the summary, and --resume finishes the run', async () => {
    const run = await startAndWaitFor('runs/interrupted', 1_000_000);
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/^stopped \(resumable\): \d+ ticks/);
    expect(stopped.stderr).toContain('continue with: tickfold run --resume');
    const verify = await tickfold(['verify', 'runs/interrupted', '--json'], cwd);
    expect(json(verify)).toMatchObject({ ok: true, ended: false, openTickEvents: 0 });
    expect(json<{ snapshots: { valid: number } }>(verify).snapshots.valid).toBeGreaterThan(0);
    const resumed = await tickfold(['run', '--resume', 'runs/interrupted', '--json'], cwd);
    expect(json<RunSummary>(resumed).head).toBe((await whole).head);
  });

  it('refuses to resume a run that already ended', async () => {
    await whole;
    const again = await tickfold(['run', '--resume', 'runs/whole'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/E_RUN_ENDED: run .*whole already ended at tick 4000/);
  });
});
