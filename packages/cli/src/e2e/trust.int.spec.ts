import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { inProcess, memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-trust-');
let head = '';
const tickfold = (args: string[]) => inProcess(cwd, args);
beforeAll(async () => {
  const made = await tickfold(['run', '--out', 'runs/done', '--ticks', '60', '--json']);
  expect(made.code).toBe(0);
  head = JSON.parse(made.out).head;
});
let n = 0;
const copy = (from = 'runs/done') => {
  const to = `runs/copy-${++n}`;
  cpSync(join(cwd, from), join(cwd, to), { recursive: true });
  return to;
};
const segs = (run: string) => readdirSync(join(cwd, run, 'events')).sort().map((s) => join(cwd, run, 'events', s));

describe('the CLI on damaged, lost, linked and pinned runs', () => {
  it('verify calls a torn tail of an open run resumable, naming its size, and exits 0', async () => {
    const run = copy();
    // An open session: drop SessionEnded and everything after the last Heartbeat, then tear a line on.
    const last = segs(run).at(-1)!;
    const lines = readFileSync(last, 'utf8').split('\n');
    const lastBeat = lines.map((l) => l.includes('"type":"Heartbeat"')).lastIndexOf(true);
    const keep = lines.slice(0, lastBeat + 1).join('\n') + '\n';
    writeFileSync(last, keep);
    for (const s of readdirSync(join(cwd, run, 'snapshots'))) unlinkSync(join(cwd, run, 'snapshots', s));
    appendFileSync(last, '{"h":"00ab');
    const r = await tickfold(['verify', run]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('resumable: the torn tail of 10 bytes is cut on resume');
    expect(r.out).not.toContain('CORRUPT');
  });

  it('a deleted last segment: every command exits 1 naming the first lost seq (diff 2); --resume refuses it', async () => {
    const run = copy();
    const all = segs(run);
    const firstLost = JSON.parse(readFileSync(all.at(-1)!, 'utf8').split('\n')[0]!).e.seq;
    unlinkSync(all.at(-1)!);
    for (const cmd of [['verify', run], ['replay', run], ['inspect', run], ['report', run]]) {
      const r = await tickfold(cmd);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.err + r.out).toContain(`E_LOG_LOST`);
      expect(r.err + r.out).toContain(`seq ${firstLost}`);
      expect(r.err + r.out).not.toContain('NaN');
    }
    expect((await tickfold(['diff', 'runs/done', run])).code).toBe(2);
    const resumed = await tickfold(['run', '--resume', run]);
    expect(resumed.code).toBe(1);
    expect(resumed.err).toContain('E_LOG_LOST');
  });

  it('--salvage resumes a run with a flipped byte from its valid prefix and says what it dropped', async () => {
    // A stopped run: resume needs a session that has not ended.
    const io = memoryIo(cwd);
    const running = main(['run', '--out', 'runs/stopped', '--ticks', '1000000', '--json'], io);
    const events = join(cwd, 'runs/stopped/events');
    while (!existsSync(events) || segs('runs/stopped').reduce((t, s) => t + statSync(s).size, 0) < 20_000) await sleep(10);
    io.interrupt();
    expect(await running).toBe(130);
    const run = copy('runs/stopped');
    const first = segs(run)[0]!;
    const b = readFileSync(first);
    const at = b.indexOf('\n', b.indexOf('\n') + 1) + 100; // inside the third line
    b[at] = b[at]! ^ 1;
    writeFileSync(first, b);
    expect((await tickfold(['run', '--resume', run, '--ticks', '20'])).code).toBe(1);
    const salvaged = await tickfold(['run', '--resume', run, '--salvage', '--ticks', '20']);
    expect(salvaged.code, salvaged.err).toBe(0);
    expect(salvaged.err).toMatch(/warning: salvage: E_LOG_\w+ at seq 3/);
    expect(salvaged.err).toMatch(/kept in .*broken/);
    expect((await tickfold(['verify', run])).code).toBe(0);
    expect((await tickfold(['run', '--out', 'runs/x', '--salvage'])).err).toContain('E_FLAG_INVALID: --salvage goes with --resume');
  });

  it('report refuses a planted report.html link and leaves its target alone', async () => {
    const run = copy();
    const target = join(cwd, 'precious.txt');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, join(cwd, run, 'report.html'));
    const r = await tickfold(['report', run]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_RUN_SYMLINK');
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  // This log is far below the 16 MiB a parallel read starts at (event-store log/parts.ts), so both
  // read it in one scan: the threads themselves are proven in parts.int.spec.ts and by bench/cli.mjs.
  it('verify --threads is taken as a count: one or two give the same report on a small log, and 0 is exit 2', async () => {
    const one = await tickfold(['verify', 'runs/done', '--json', '--threads', '1']);
    const two = await tickfold(['verify', 'runs/done', '--json', '--threads', '2']);
    expect(one.code).toBe(0);
    expect(JSON.parse(two.out)).toEqual(JSON.parse(one.out));
    const zero = await tickfold(['verify', 'runs/done', '--threads', '0']);
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--threads');
  });

  it('verify --head pins the head run printed: its own head passes, another fails with exit 1, a malformed one is exit 2', async () => {
    expect((await tickfold(['verify', 'runs/done', '--head', head])).code).toBe(0);
    const other = await tickfold(['verify', 'runs/done', '--head', 'f'.repeat(64)]);
    expect(other.code).toBe(1);
    expect(other.out).toContain('E_LOG_HEAD_MISMATCH');
    expect((await tickfold(['verify', 'runs/done', '--head', `5:${'f'.repeat(64)}`])).code).toBe(1);
    expect((await tickfold(['verify', 'runs/done', '--head', 'abc'])).code).toBe(2);
    expect(existsSync(join(cwd, 'runs/done'))).toBe(true);
  });

  it('a last segment cut back by a whole line is E_LOG_LOST (a snapshot shows the log reached further)', async () => {
    const run = copy();
    const last = segs(run).at(-1)!;
    const text = readFileSync(last, 'utf8');
    truncateSync(last, text.lastIndexOf('\n', text.length - 2) + 1); // one whole line less
    const r = await tickfold(['verify', run]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('E_LOG_LOST');
  });
});
