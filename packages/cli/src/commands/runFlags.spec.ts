import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { RUN_FLAGS, sessionFlagsGiven, type RunCommandFlags } from './runFlags.js';
import { runOptions } from './runOptions.js';

describe('the run flags table', () => {
  it("keys each flag by the attribute commander parses it into, so the types match what commander hands over", () => {
    const cmd = runOptions(new Command('run'));
    expect(cmd.options.map((o) => o.attributeName())).toEqual(Object.keys(RUN_FLAGS));
  });

  it('counts a --no- switch as given only when it was turned off', () => {
    const parse = (argv: string[]) => runOptions(new Command('run').exitOverride()).parse(argv, { from: 'user' }).opts<RunCommandFlags>();
    expect(sessionFlagsGiven(parse(['--resume', 'runs/a', '--ticks', '5', '--json']))).toEqual([]);
    expect(sessionFlagsGiven(parse(['--resume', 'runs/a', '--seed', '4', '--no-kill-switches', '--param', 'a.b=1']))).toEqual(['seed', 'param', 'killSwitches']);
  });
});
