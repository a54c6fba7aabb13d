import Table from 'cli-table3';
import { eventTypes, TickfoldError, type TickfoldEvent } from '@tickfold/core';
import { readRun } from '@tickfold/event-store';
import { parseInteger, parseList } from '../args/values.js';
import { describeEvent } from '../output/describe.js';
import { COMPACT } from '../output/tableStyle.js';
import { printJson, printLine, type Io } from '../io.js';
import { existingRunDir } from '../runDir.js';
import { EXIT } from '../exitCodes.js';

export interface InspectFlags {
  readonly type?: string;
  readonly symbol?: string;
  readonly from?: string;
  readonly limit?: string;
  readonly json?: boolean;
  readonly jsonl?: boolean;
}

const TABLE_LIMIT = 100;
const DETAILS_MAX_CHARS = 100;
const clamp = (s: string): string => (s.length > DETAILS_MAX_CHARS ? `${s.slice(0, DETAILS_MAX_CHARS - 1)}…` : s);

/** Which events `inspect` shows: parsed and checked flags. */
export function eventFilter(flags: InspectFlags): { match: (e: TickfoldEvent) => boolean; fromSeq: number; limit: number } {
  const types = flags.type === undefined ? undefined : new Set(parseList('--type', flags.type));
  for (const t of types ?? []) {
    if (!(eventTypes as readonly string[]).includes(t)) {
      throw new TickfoldError('E_FLAG_INVALID', `--type ${JSON.stringify(t)} is not an event type; use one of ${eventTypes.join(', ')}`, { flag: '--type', value: t });
    }
  }
  const symbol = flags.symbol?.toUpperCase();
  const fromSeq = flags.from === undefined ? 1 : parseInteger('--from', flags.from, 1);
  const machine = flags.json === true || flags.jsonl === true;
  const limit = flags.limit === undefined ? (machine ? Infinity : TABLE_LIMIT) : parseInteger('--limit', flags.limit, 1);
  const match = (e: TickfoldEvent) => e.seq >= fromSeq && (!types || types.has(e.type)) && (symbol === undefined || ('symbol' in e && e.symbol === symbol));
  return { match, fromSeq, limit };
}

/** An unknown --symbol is a mistake worth naming, not an empty table. */
function checkSymbol(dir: string, symbol: string): void {
  const scan = readRun(dir);
  const first = scan.next();
  scan.return();
  const started = first.done ? undefined : first.value.event;
  const symbols = started?.type === 'SessionStarted' ? started.data.config.symbols : [];
  if (!symbols.includes(symbol)) {
    throw new TickfoldError('E_FLAG_INVALID', `--symbol ${symbol} is not traded in ${dir}; its symbols are ${symbols.join(', ') || '(none recorded)'}`, { flag: '--symbol', value: symbol });
  }
}

/** `tickfold inspect RUN`: the run's events, filtered, as a table, one JSON document or JSON lines. */
export async function inspectCommand(run: string, flags: InspectFlags, io: Io): Promise<number> {
  if (flags.json && flags.jsonl) throw new TickfoldError('E_FLAG_INVALID', '--json and --jsonl are two output formats; pick one', { flag: '--jsonl' });
  const dir = existingRunDir(io.cwd, run);
  const { match, fromSeq, limit } = eventFilter(flags);
  if (flags.symbol !== undefined) checkSymbol(dir, flags.symbol.toUpperCase());
  const events: TickfoldEvent[] = [];
  let more = false;
  let shown = 0;
  for await (const record of readRun(dir, { fromSeq })) {
    if (!match(record.event)) continue;
    if (shown >= limit) {
      more = true;
      break;
    }
    shown += 1;
    if (flags.jsonl) io.stdout.write(`${record.canonical}\n`);
    else events.push(record.event);
  }
  if (flags.jsonl) return EXIT.ok;
  if (flags.json) {
    printJson(io, { run: dir, events, truncated: more });
    return EXIT.ok;
  }
  const table = new Table({ head: ['seq', 'tick', 'time', 'type', 'symbol', 'details'], ...COMPACT });
  for (const e of events) table.push([String(e.seq), String(e.tick), e.time.replace('.000Z', 'Z'), e.type, 'symbol' in e ? e.symbol : '', clamp(describeEvent(e))]);
  printLine(io, events.length ? table.toString() : 'no events match');
  if (more) printLine(io, `… more events match; raise --limit or use --from ${(events[events.length - 1]?.seq ?? fromSeq) + 1}`);
  return EXIT.ok;
}
