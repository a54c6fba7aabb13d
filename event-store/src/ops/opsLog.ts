import { pino, type Logger } from 'pino';
import type { EngineSink, EventRecord, State, TickfoldEvent } from '@tickfold/core';
import { jsonSafe } from './jsonSafe.js';
import { RotatingFile } from './rotatingFile.js';
import { periodOf, type Rotation } from '../log/rotation.js';

export interface OpsLogOptions {
  /** Directory of the ops log files (createRun uses `<run>/ops`). */
  readonly dir?: string;
  /** Size at which a file rolls over; default 10 MB. */
  readonly maxBytes?: number;
  /** Files roll over by the UTC day (default), month or year of event time. */
  readonly rotation?: Rotation;
  /** pino level; `debug` adds bars, signals and submitted orders. Default `info`. */
  readonly level?: string;
}

export interface OpsLog extends EngineSink {
  /** Logs an error at `error` level, stamped with the event time it happened at. */
  error(err: unknown, time: string, fields?: Record<string, unknown>): void;
  close(): void;
}

/** The operator's line for one event: level, message and fields; null when it has none. */
function project(e: TickfoldEvent): [level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>] | null {
  switch (e.type) {
    case 'SessionStarted':
      return ['info', 'session started', { seed: e.data.config.seed, symbols: e.data.config.symbols, configHash: e.data.configHash, versions: e.data.versions }];
    case 'SessionEnded':
      return ['info', 'session ended', { reason: e.data.reason, ticks: e.data.ticks }];
    case 'Heartbeat': {
      const symbols: Record<string, unknown> = {};
      for (const s of Object.keys(e.data.symbols).sort()) {
        const p = e.data.symbols[s]!;
        symbols[s] = { equity: p.equity, position: p.position, weight: p.weight, price: p.price, halted: p.halted };
      }
      return ['info', 'heartbeat', { equity: e.data.equity, symbols }];
    }
    case 'Fallback':
      return ['warn', 'feed fallback', { symbol: e.symbol, reason: e.data.reason, attempts: e.data.attempts, message: e.data.message, lastBarTime: e.data.lastBarTime }];
    case 'BarNotDue':
      return ['debug', 'no bar due', { symbol: e.symbol, reason: e.data.reason, message: e.data.message, lastBarTime: e.data.lastBarTime }];
    case 'OrderFilled':
      return ['info', 'fill', { symbol: e.symbol, orderId: e.data.orderId, cause: e.data.cause, qty: e.data.qty, price: e.data.price, fee: e.data.fee, clipped: e.data.clipped }];
    case 'OrderRejected':
      return ['warn', 'order rejected', { symbol: e.symbol, orderId: e.data.orderId, reason: e.data.reason, message: e.data.message }];
    case 'KillSwitchTripped':
      return ['error', 'kill switch tripped', { symbol: e.symbol, kind: e.data.kind, value: e.data.value, limit: e.data.limit, until: e.data.until }];
    case 'BarReceived':
      return ['debug', 'bars', { symbol: e.symbol, bars: e.data.bars.length, last: e.data.bars[e.data.bars.length - 1]!.close, attempts: e.data.attempts, dropped: e.data.dropped }];
    case 'SignalComputed':
      return ['debug', 'signal', { symbol: e.symbol, target: e.data.target, components: e.data.components }];
    case 'OrderSubmitted':
      return ['debug', 'order submitted', { symbol: e.symbol, orderId: e.data.orderId, targetWeight: e.data.targetWeight }];
    case 'TickStarted':
      return null;
  }
}

/**
 * The ops log: JSON lines for people and log tools, a projection of the event stream through
 * pino. Each line's `time` is the event time, so the ops log is as deterministic as the events.
 *
 * @example const ops = createOpsLog({ dir: 'runs/a/ops' }); createEngine(config, { feed, sinks: [ops] });
 */
export function createOpsLog(options: OpsLogOptions = {}): OpsLog {
  const file = new RotatingFile(options.dir ?? 'ops', options.maxBytes ?? 10 * 1024 * 1024);
  let time = '1970-01-01T00:00:00.000Z';
  const logger: Logger = pino(
    {
      level: options.level ?? 'info',
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"time":${JSON.stringify(time)}`,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already made JSON-safe ({ name, message, code }); no stack: lines stay deterministic.
      serializers: { err: (e: unknown) => e },
    },
    file,
  );
  const at = (t: string) => {
    time = t;
    file.currentDay = periodOf(t, options.rotation ?? 'day');
  };
  return {
    write(records: readonly EventRecord[], _state: State) {
      for (const { event } of records) {
        const line = project(event);
        if (!line || !logger.isLevelEnabled(line[0])) continue;
        at(event.time);
        logger[line[0]](jsonSafe({ seq: event.seq, tick: event.tick, ...line[2] }) as object, line[1]);
      }
    },
    error(err, t, fields = {}) {
      at(t);
      logger.error(jsonSafe({ ...fields, err }) as object, (err as Error)?.message ?? String(err));
    },
    close: () => file.close(),
  };
}
