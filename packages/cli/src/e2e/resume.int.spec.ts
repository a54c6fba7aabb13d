import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { json, start, tempDir, tickfold, type Outcome } from '../test-support/cli.js';
import type { RunSummary } from '../output/summary.js';

const TICKS = '300';
// The interrupted runs are asked for far more ticks than they can reach before the signal lands
// (minutes of work), so the signal never races the session's end, however loaded the machine;
// each is then resumed to a total a little past where it stopped and compared with an
// uninterrupted run of that same total (the log of a session does not depend on its total).
// They wait for 1 MB of log: the default group commit writes a virtual-clock run out 1 MB at a time.
const ENDLESS = '1000000';
const cwd = tempDir();
// Started at once and awaited where needed, so it runs alongside the interrupted ones.
const whole = tickfold(['run', '--ticks', TICKS, '--seed', '3', '--out', 'runs/whole', '--json'], cwd).then((o) => json<RunSummary>(o));

/** Starts an endless run and waits (no deadline but the test's) until its event log holds `bytes`. */
async function startAndWaitFor(out: string, bytes: number) {
  const run = start(['run', '--ticks', ENDLESS, '--seed', '3', '--out', out], cwd);
  let exited = false;
  void run.done.then(() => (exited = true));
  const events = join(cwd, out, 'events');
  const logBytes = () => (existsSync(events) ? readdirSync(events).reduce((n, f) => n + statSync(join(events, f)).size, 0) : 0);
  while (logBytes() < bytes) {
    if (exited) throw new Error(`the run exited before writing ${bytes} bytes of log; stderr: ${(await run.done).stderr}`);
    await sleep(25);
  }
  return run;
}

/** Ticks the run holds now (verify counts them). */
async function tickOf(out: string): Promise<number> {
  return json<{ ticks: number }>(await tickfold(['verify', out, '--json'], cwd)).ticks;
}
/** An uninterrupted run of `total` ticks, the reference a resumed run must match. */
const uninterrupted = async (total: number, out: string) => json<RunSummary>(await tickfold(['run', '--ticks', String(total), '--seed', '3', '--out', out, '--json'], cwd));

// Each test spawns four or five CLI processes; on a machine shared with other work that takes a while.
describe.concurrent('interrupted runs resume to the uninterrupted result', { timeout: 120_000 }, () => {
  it('SIGKILL mid-run, then --resume, reaches the same head hash', async () => {
    const run = await startAndWaitFor('runs/killed', 1_000_000);
    run.child.kill('SIGKILL');
    const killed: Outcome = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const total = (await tickOf('runs/killed')) + 20;
    const resumed = await tickfold(['run', '--resume', 'runs/killed', '--ticks', String(total), '--json'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = json<RunSummary>(resumed);
    const reference = await uninterrupted(total, 'runs/killed-whole');
    expect(summary.head).toBe(reference.head);
    expect({ ...summary, run: '' }).toEqual({ ...reference, run: '' });
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
    const total = (await tickOf('runs/interrupted')) + 20;
    const resumed = await tickfold(['run', '--resume', 'runs/interrupted', '--ticks', String(total), '--json'], cwd);
    expect(json<RunSummary>(resumed).head).toBe((await uninterrupted(total, 'runs/interrupted-whole')).head);
  });

  it('refuses to resume a run that already ended', async () => {
    await whole;
    const again = await tickfold(['run', '--resume', 'runs/whole'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`E_SESSION_ENDED: run .*whole already ended at tick ${TICKS}`));
  });
});
