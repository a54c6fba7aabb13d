import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { JsMsg } from '@nats-io/jetstream';
import { isTickfoldError, type StrategyRegistry } from '@tickfold/core';
import { parseJob } from './job.js';
import { JOBS_STREAM, WORKERS_CONSUMER } from './names.js';
import { runJob, type ResultRecord, type RunJobOptions } from './runJob.js';
import type { TickfoldNats } from './schema.js';

export interface WorkerOptions {
  readonly workDir: string;
  readonly registry?: StrategyRegistry;
  readonly registryFor?: RunJobOptions['registryFor'];
  readonly chunkBytes?: number;
  /** One line per job event (taken, done, failed, fenced, retry). */
  readonly log?: (line: string) => void;
  /** Stop after this many jobs (default: run until stop()). */
  readonly maxJobs?: number;
  readonly onTick?: (runId: string, tick: number) => void;
}

export interface Worker {
  /** Resolves when the worker has stopped. */
  readonly done: Promise<void>;
  /** Whether a job is running now. */
  readonly busy: boolean;
  /** Take no more jobs; the current one runs on (leave the process to give it up to redelivery). */
  stop(): void;
}

/** A failure that another attempt may not meet: the server was away, or a bug worth a few retries. */
const isTransient = (e: unknown): boolean => !isTickfoldError(e) || e.code === 'E_NATS_UNREACHABLE';
const MAX_TRANSIENT_DELIVERIES = 10;

/**
 * Takes jobs from the work-queue stream with the shared pull consumer, one at a time. A job is
 * acknowledged only once its log and result are stored; `working()` keeps it while the run is
 * long; a deterministic failure (an invalid config) is stored as the run's result and the
 * message terminated, never retried; a fenced attempt (another worker took the run while this
 * one was stopped) gives the run up without touching the message.
 *
 * @example const w = startWorker(await openTickfoldNats(nc), { workDir: '/tmp/tickfold-work' }); await w.done;
 */
export function startWorker(t: TickfoldNats, options: WorkerOptions): Worker {
  const log = options.log ?? (() => undefined);
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopping = false;
  let jobs = 0;
  let busy = false;

  async function handle(m: JsMsg, ackWaitMs: number): Promise<void> {
    const where = `job message ${m.seq} (${m.subject})`;
    let job;
    try {
      job = parseJob(m.data, where);
    } catch (e) {
      log(`terminated ${where}: ${(e as Error).message}`);
      m.term((e as Error).message.slice(0, 200));
      return;
    }
    if ((await t.results.get(job.runId)) !== null) {
      log(`${job.runId}: already has a result; acknowledged`);
      await m.ackAck();
      return;
    }
    const writer = `${id}/${m.info.deliveryCount}`;
    log(`${job.runId}: taken (delivery ${m.info.deliveryCount}, writer ${writer})`);
    // A third of the ack wait leaves two beats of slack before the server would redeliver.
    const beat = setInterval(() => m.working(), Math.max(100, Math.floor(ackWaitMs / 3)));
    try {
      const result = await runJob(t, job, {
        workDir: options.workDir,
        writer,
        chunkBytes: options.chunkBytes,
        registry: options.registry,
        registryFor: options.registryFor,
        onTick: (tick) => options.onTick?.(job.runId, tick),
      });
      clearInterval(beat);
      await m.ackAck();
      log(`${job.runId}: done at seq ${result.events}, head ${result.head}`);
    } catch (e) {
      clearInterval(beat);
      if (isTickfoldError(e) && e.code === 'E_NATS_FENCED') {
        log(`${job.runId}: gave up: ${e.message}`);
        return;
      }
      if (isTransient(e) && m.info.deliveryCount < MAX_TRANSIENT_DELIVERIES) {
        log(`${job.runId}: will be retried: ${(e as Error).message}`);
        m.nak(1_000);
        return;
      }
      const failed: ResultRecord = {
        runId: job.runId,
        status: 'failed',
        error: { code: isTickfoldError(e) ? e.code : 'E_INTERNAL', message: (e as Error).message },
      };
      await t.results.put(job.runId, JSON.stringify(failed));
      m.term(failed.error.message.slice(0, 200));
      log(`${job.runId}: failed for good: ${failed.error.message}`);
    }
  }

  const done = (async () => {
    const consumer = await t.js.consumers.get(JOBS_STREAM, WORKERS_CONSUMER);
    while (!stopping && (options.maxJobs === undefined || jobs < options.maxJobs)) {
      let m: JsMsg | null;
      let ackWaitMs: number;
      try {
        ackWaitMs = Math.floor(((await consumer.info(true)).config.ack_wait ?? 30e9) / 1e6);
        m = await consumer.next({ expires: 1_000 });
      } catch (e) {
        // The server is restarting or unreachable for a moment: the connection reconnects by itself.
        log(`waiting for the server: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (m === null) continue;
      jobs += 1;
      busy = true;
      try {
        await handle(m, ackWaitMs);
      } catch (e) {
        // E.g. the server went away between the run and its ack: the job comes back by redelivery.
        log(`job message ${m.seq}: left to redelivery: ${(e as Error).message}`);
      } finally {
        busy = false;
      }
    }
  })();
  return {
    done,
    get busy() {
      return busy;
    },
    stop: () => void (stopping = true),
  };
}
