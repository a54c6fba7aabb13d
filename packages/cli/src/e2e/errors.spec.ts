import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { memoryIo } from '../test-support/memoryIo.js';
import { tempDir } from '../test-support/cli.js';

const cwd = tempDir('tickfold-errors-');
writeFileSync(join(cwd, 'bad-field.json'), JSON.stringify({ seed: 1, broker: { feeBps: -3 }, cash: 'lots' }));
writeFileSync(join(cwd, 'not-json.json'), '{\n  "seed": 1,\n}\n');
mkdirSync(join(cwd, 'runs/taken'), { recursive: true });
writeFileSync(join(cwd, 'runs/taken/x'), '');

async function fails(args: string[]) {
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('documented errors (in-process through the whole program)', () => {
  it.each([
    [['run', '--ticks', 'many'], 'E_FLAG_INVALID: --ticks "many" is not a whole number'],
    [['run', '--max-drawdown', '120'], 'E_FLAG_INVALID: --max-drawdown "120" is not a fraction above 0 and at most 1 (as in the config file) or a percentage such as 20%'],
    [['run', '--poll-interval', '60'], 'E_FLAG_INVALID: --poll-interval "60" is not a duration'],
    [['run', '--symbols', 'spy!'], 'E_CONFIG_INVALID: the run config (from the flags) is invalid:\n  - field /symbols/0 must match pattern'],
    [['run', '--strategy', 'martingale'], "E_CONFIG_INVALID: config field /strategies/0/name: unknown strategy 'martingale'; known: mean-reversion, momentum, sma-cross"],
    [['run', '--config', 'missing.json'], 'E_CONFIG_FILE: cannot read config file'],
    [['run', '--config', 'not-json.json'], 'not-json.json is not valid JSON at line 3, byte 15'],
    [['run', '--csv', 'nowhere.csv'], 'nowhere.csv'],
    [['run', '--out', 'runs/taken'], 'E_RUN_EXISTS: run directory'],
    [['run', '--resume', 'runs/taken', '--seed', '4'], 'E_FLAG_INVALID: --resume continues the run exactly as it was configured; drop --seed'],
    [['verify', 'runs/none'], 'E_RUN_NOT_FOUND: run directory'],
    [['inspect', 'runs/taken', '--type', 'OrderPlaced'], 'E_FLAG_INVALID: --type "OrderPlaced" is not an event type'],
    [['replay', 'runs/taken', '--until', 'soon'], 'E_FLAG_INVALID: --until "soon" is neither a seq nor tick:N'],
    [['run', '--tick', '5'], "E_USAGE: unknown option '--tick'"],
  ])('tickfold %j exits 2 with: %s', async (args, message) => {
    const r = await fails(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it.each([
    [['--strategy', 'martingale']],
    [['--strategy', 'sma-cross', '--fast', '30', '--slow', '10']],
  ])('a strategy the engine rejects (%j) leaves no run directory behind', async (flags) => {
    const r = await fails(['run', '--out', 'runs/rejected', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_CONFIG_INVALID: config field /strategies/0/');
    expect(existsSync(join(cwd, 'runs/rejected'))).toBe(false);
  });

  it('an invalid config file names each bad field by its JSON pointer', async () => {
    const r = await fails(['run', '--config', 'bad-field.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('config file bad-field.json (with the flags over it) is invalid');
    expect(r.err).toContain('field /broker/feeBps must be >= 0');
    expect(r.err).toContain('field /cash must be number');
  });

  it('with --json an error is also one JSON document on stdout', async () => {
    const r = await fails(['verify', 'runs/none', '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'E_RUN_NOT_FOUND', details: { dir: join(cwd, 'runs/none') } } });
  });

  it('help lists the exit codes', async () => {
    const io = memoryIo(cwd);
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Exit codes:\n {2}0 .*\n {2}1 [^]*\n {2}2 [^]*\n {2}70 .*\n {2}130 /);
  });
});
