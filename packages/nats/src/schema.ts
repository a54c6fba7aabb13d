import type { NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy, JetStreamApiError, RetentionPolicy, StorageType, jetstream, jetstreamManager,
  type JetStreamClient, type JetStreamManager, type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { nanos } from '@nats-io/nats-core';
import { natsError } from './errors.js';
import { BUCKETS, JOBS_PREFIX, JOBS_STREAM, RUNS_PREFIX, RUNS_STREAM, SCHEMA, WORKERS_CONSUMER } from './names.js';

/** What every tickfold NATS operation works on: the connection, JetStream and the three buckets. */
export interface TickfoldNats {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly manifests: KV;
  readonly results: KV;
  readonly snapshots: KV;
}

export const DEFAULT_ACK_WAIT_MS = 30_000;

const STREAMS: readonly (Partial<StreamConfig> & { name: string })[] = [
  {
    name: RUNS_STREAM,
    description: `${SCHEMA} run logs: one subject per run, each message a chunk of whole ticks`,
    subjects: [`${RUNS_PREFIX}.*`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: nanos(120_000),
  },
  {
    name: JOBS_STREAM,
    description: `${SCHEMA} jobs: one subject per run id, taken by tickfold workers`,
    subjects: [`${JOBS_PREFIX}.*`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(120_000),
  },
];

const FIX_SCHEMA = "point tickfold at another server or account, or, if it is an old tickfold stream you no longer need, delete it ('nats stream rm NAME')";

async function ensureStream(jsm: JetStreamManager, want: Partial<StreamConfig> & { name: string }): Promise<void> {
  const { name } = want;
  try {
    const { config } = await jsm.streams.info(name);
    const same =
      config.description === want.description &&
      config.retention === want.retention &&
      JSON.stringify(config.subjects) === JSON.stringify(want.subjects);
    if (!same) {
      throw natsError(
        'E_NATS_SCHEMA',
        `stream ${name} exists with another schema (description '${config.description ?? ''}', subjects ${JSON.stringify(config.subjects)}, retention ${config.retention}); tickfold needs ${SCHEMA}: ${FIX_SCHEMA.replace('NAME', name)}`,
        { stream: name },
      );
    }
  } catch (e) {
    if (!(e instanceof JetStreamApiError) || e.code !== 10059) throw e;
    // Two processes may both create it: adding an identical config is idempotent.
    await jsm.streams.add(want);
  }
}

async function ensureConsumer(jsm: JetStreamManager, ackWaitMs: number): Promise<void> {
  const want = { durable_name: WORKERS_CONSUMER, ack_policy: AckPolicy.Explicit, ack_wait: nanos(ackWaitMs), max_deliver: -1, max_ack_pending: 1000 };
  try {
    const { config } = await jsm.consumers.info(JOBS_STREAM, WORKERS_CONSUMER);
    if (config.ack_wait !== want.ack_wait) await jsm.consumers.update(JOBS_STREAM, WORKERS_CONSUMER, { ack_wait: want.ack_wait });
  } catch (e) {
    if (!(e instanceof JetStreamApiError) || e.code !== 10014) throw e;
    await jsm.consumers.add(JOBS_STREAM, want);
  }
}

/**
 * Opens (creating when absent) tickfold's streams, the workers' pull consumer and the KV buckets,
 * refusing streams of the same name with another schema (E_NATS_SCHEMA).
 * `ackWaitMs` is set on the shared workers' consumer when given.
 */
export async function openTickfoldNats(nc: NatsConnection, options: { readonly ackWaitMs?: number } = {}): Promise<TickfoldNats> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (e) {
    throw natsError('E_NATS_NO_JETSTREAM', `the NATS server at ${nc.getServer()} has no JetStream (${(e as Error).message}); start it with JetStream enabled ('nats-server -js', or 'jetstream {}' in its config)`, { url: nc.getServer() });
  }
  for (const s of STREAMS) await ensureStream(jsm, s);
  if (options.ackWaitMs !== undefined) await ensureConsumer(jsm, options.ackWaitMs);
  else {
    try {
      await jsm.consumers.info(JOBS_STREAM, WORKERS_CONSUMER);
    } catch (e) {
      if (!(e instanceof JetStreamApiError) || e.code !== 10014) throw e;
      await ensureConsumer(jsm, DEFAULT_ACK_WAIT_MS);
    }
  }
  const js = jetstream(nc);
  const kvm = new Kvm(js);
  const bucket = (name: string) => kvm.create(name, { history: 1, storage: StorageType.File });
  return { nc, js, jsm, manifests: await bucket(BUCKETS.manifests), results: await bucket(BUCKETS.results), snapshots: await bucket(BUCKETS.snapshots) };
}
