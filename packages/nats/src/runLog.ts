import { GENESIS_HASH, type EventRecord } from '@tickfold/core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { chunkHeaders, chunkMeta, chunkMsgId, decodeChunk, encodeLine, type ChunkMeta, type StoredChunk } from './chunk.js';
import { natsError } from './errors.js';
import { RUNS_STREAM, runSubject } from './names.js';
import type { TickfoldNats } from './schema.js';

/** Where a run's log stands in the stream: its last event and the stream seq of its last chunk. */
export interface LogPosition {
  readonly seq: number;
  readonly head: string;
  /** Stream sequence of the subject's last message; 0 while the subject is empty. */
  readonly streamSeq: number;
}

export const EMPTY_LOG: LogPosition = { seq: 0, head: GENESIS_HASH, streamSeq: 0 };

const WRONG_LAST_SEQUENCE = new Set([10071, 10164]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lastChunk(t: TickfoldNats, runId: string): Promise<StoredChunk | null> {
  const m = await t.jsm.streams.getMessage(RUNS_STREAM, { last_by_subj: runSubject(runId) });
  return m ? { streamSeq: m.seq, subject: m.subject, headers: m.header, data: m.data } : null;
}

/**
 * Reads a run's whole log back from its subject with an ordered consumer, checking every chunk
 * against the seq and hash chain so far. `onChunk` gets each chunk's records in order.
 */
export async function readRunLog(t: TickfoldNats, runId: string, onChunk: (records: EventRecord[], meta: ChunkMeta) => void): Promise<LogPosition> {
  const last = await lastChunk(t, runId);
  if (last === null) return EMPTY_LOG;
  const consumer = await t.js.consumers.get(RUNS_STREAM, { filter_subjects: runSubject(runId) });
  let at: LogPosition = EMPTY_LOG;
  const messages = await consumer.consume();
  try {
    for await (const m of messages) {
      const { records, meta } = decodeChunk({ streamSeq: m.seq, subject: m.subject, headers: m.headers, data: m.data }, at);
      onChunk(records, meta);
      at = { seq: meta.lastSeq, head: meta.head, streamSeq: m.seq };
      if (m.seq >= last.streamSeq) break;
    }
  } finally {
    messages.stop();
    await consumer.delete().catch(() => undefined);
  }
  return at;
}

export interface AppendOptions {
  /** How long to keep retrying through a lost connection or a restarting server. */
  readonly retryForMs?: number;
  readonly publishTimeoutMs?: number;
}

/**
 * The only way tickfold writes a run's subject: each append says which stream seq it expects
 * to follow (expected-last-subject-sequence) and carries a message id derived from its content.
 * When the answer is lost (timeout, restart) or the expectation fails, the subject's last
 * message is read back to decide: our chunk is stored, or nothing new is there (retry), or
 * another writer appended — then this writer is fenced out (E_NATS_FENCED) and must stop.
 * The dedup window is never relied on: servers from 2.12 check the expectation first.
 */
export class RunLogAppender {
  private at: LogPosition;

  constructor(
    private readonly nats: TickfoldNats,
    readonly runId: string,
    readonly writer: string,
    from: LogPosition,
    private readonly options: AppendOptions = {},
  ) {
    this.at = from;
  }

  get position(): LogPosition {
    return this.at;
  }

  async append(records: readonly EventRecord[]): Promise<void> {
    if (records.length === 0) return;
    const first = records[0]!.event.seq;
    if (first !== this.at.seq + 1) {
      throw natsError('E_NATS_APPEND_SEQ', `append to run ${this.runId} starts at seq ${first} but its log ends at seq ${this.at.seq}`, { runId: this.runId, seq: first });
    }
    const meta: ChunkMeta = { runId: this.runId, firstSeq: first, lastSeq: records.at(-1)!.event.seq, head: records.at(-1)!.hash, writer: this.writer };
    const payload = Buffer.from(records.map(encodeLine).join(''), 'utf8');
    const subject = runSubject(this.runId);
    const deadline = Date.now() + (this.options.retryForMs ?? 60_000);
    for (let attempt = 0; ; attempt++) {
      let lastError: unknown;
      try {
        const ack = await this.nats.js.publish(subject, payload, {
          msgID: chunkMsgId(meta),
          headers: chunkHeaders(meta),
          expect: { lastSubjectSequence: this.at.streamSeq },
          timeout: this.options.publishTimeoutMs ?? 5_000,
        });
        if (!ack.duplicate) {
          this.at = { seq: meta.lastSeq, head: meta.head, streamSeq: ack.seq };
          return;
        }
      } catch (e) {
        if (e instanceof JetStreamApiError && !WRONG_LAST_SEQUENCE.has(e.code)) throw e;
        lastError = e;
      }
      // Ambiguous (lost answer, duplicate) or refused (another message follows what we expected): look.
      const verdict = await this.readBack(meta, deadline);
      if (verdict === 'stored') return;
      if (Date.now() > deadline) {
        throw natsError('E_NATS_UNREACHABLE', `could not append seq ${meta.firstSeq}–${meta.lastSeq} of run ${this.runId} within ${this.options.retryForMs ?? 60_000} ms (${(lastError as Error)?.message ?? 'no answer'}); the run is resumable from its last stored chunk: check the server and start a worker again`, { runId: this.runId });
      }
      await sleep(Math.min(2_000, 50 * 2 ** attempt));
    }
  }

  /** 'stored' (and the position moves on), 'absent' (retry), or throws E_NATS_FENCED. */
  private async readBack(meta: ChunkMeta, deadline: number): Promise<'stored' | 'absent'> {
    for (let attempt = 0; ; attempt++) {
      let last: StoredChunk | null;
      try {
        last = await lastChunk(this.nats, this.runId);
      } catch (e) {
        if (Date.now() > deadline) {
          throw natsError('E_NATS_UNREACHABLE', `cannot read back run ${this.runId}'s last chunk (${(e as Error).message}); the run is resumable from its last stored chunk: check the server and start a worker again`, { runId: this.runId });
        }
        await sleep(Math.min(2_000, 50 * 2 ** attempt));
        continue;
      }
      const streamSeq = last?.streamSeq ?? 0;
      if (streamSeq === this.at.streamSeq) return 'absent';
      const theirs = chunkMeta(last!);
      if (theirs.writer === meta.writer && theirs.firstSeq === meta.firstSeq && theirs.lastSeq === meta.lastSeq && theirs.head === meta.head) {
        this.at = { seq: meta.lastSeq, head: meta.head, streamSeq };
        return 'stored';
      }
      throw natsError(
        'E_NATS_FENCED',
        `run ${this.runId} has another writer: its subject moved on to stream seq ${streamSeq} (seq ${theirs.lastSeq}, writer ${theirs.writer}) while this writer (${meta.writer}) expected ${this.at.streamSeq}; this writer gave up the run and wrote nothing more`,
        { runId: this.runId, streamSeq, writer: theirs.writer },
      );
    }
  }
}
