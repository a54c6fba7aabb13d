import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fold, initialState, resolveConfig, type Config, type EventRecord, type State, type StrategyRegistry } from '@tickfold/core';
import { decideContext } from '@tickfold/core/internal';
import { createRun, type RunWriter } from '@tickfold/event-store';
import { natsError } from './errors.js';

/** The manifest fields a replica needs to write the files a local run writes. */
interface ManifestView {
  readonly createdAt: string;
  readonly config: unknown;
  readonly segmentMaxBytes: number;
  readonly snapshotEvery: number;
  readonly rotation: 'day' | 'month' | 'year';
}

/**
 * A local run directory rebuilt from a run's stored chunks through the event store's own writer:
 * the engine hands the writer one tick per write (SessionStarted and SessionEnded alone), with
 * the state after it; the replica does the same with the state folded from the events, so
 * segments, rotation and snapshots come out byte for byte as a local run's.
 */
export interface Replica {
  readonly dir: string;
  readonly config: Config;
  readonly writer: RunWriter;
  readonly state: State;
  readonly head: string;
  add(records: readonly EventRecord[]): void;
}

const isBoundary = (r: EventRecord): boolean => r.event.type === 'Heartbeat' || r.event.type === 'SessionStarted' || r.event.type === 'SessionEnded';

export function createReplica(dir: string, manifestBytes: Uint8Array, registry?: StrategyRegistry): Replica {
  const manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as ManifestView;
  const config = resolveConfig(manifest.config, 'the stored manifest /config');
  const writer = createRun({
    dir,
    config,
    createdAt: manifest.createdAt,
    segmentMaxBytes: manifest.segmentMaxBytes,
    snapshotEvery: manifest.snapshotEvery,
    rotation: manifest.rotation,
    // The stream is the durable copy; the replica is fsynced once, at close.
    policy: { kind: 'close' },
  });
  const written = readFileSync(join(dir, 'manifest.json'));
  if (!written.equals(Buffer.from(manifestBytes))) {
    writer.close();
    throw natsError('E_NATS_MANIFEST_MISMATCH', `the stored manifest of ${dir} differs from the one this tickfold writes for it (another tickfold version wrote it?); fetch it with the tickfold version named in the stored manifest`, { dir });
  }
  let state = initialState(config, decideContext(config, registry).windowSize);
  let head = writer.head;
  let pending: EventRecord[] = [];
  return {
    dir,
    config,
    writer,
    get state() {
      return state;
    },
    get head() {
      return head;
    },
    add(records) {
      for (const r of records) {
        pending.push(r);
        if (!isBoundary(r)) continue;
        state = fold(state, pending.map((p) => p.event));
        writer.write(pending, state);
        head = r.hash;
        pending = [];
      }
      if (pending.length > 0) {
        throw natsError('E_NATS_CHUNK_TICK', `a stored chunk ends inside a tick (after seq ${pending.at(-1)!.event.seq}); tickfold chunks hold whole ticks, so this one was not written by tickfold`, { seq: pending.at(-1)!.event.seq });
      }
    },
  };
}
