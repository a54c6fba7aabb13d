import type { Command } from 'commander';
import { runDefaults } from './runDefaults.js';
import { RUN_FLAGS, type RunFlagSpec } from './runFlags.js';

/** Commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The flags of `tickfold run` (the RUN_FLAGS table); values stay strings here and are checked by applyRunFlags. Defaults in the help come from runDefaults. */
export function runOptions(cmd: Command): Command {
  const d = runDefaults();
  for (const spec of Object.values(RUN_FLAGS) as RunFlagSpec[]) {
    const help = typeof spec.help === 'function' ? spec.help(d) : spec.help;
    if (spec.repeatable) cmd.option(spec.option, help, collect);
    else cmd.option(spec.option, help);
  }
  return cmd;
}
