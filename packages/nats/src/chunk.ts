import { chainHash, type EventRecord, type TickfoldEvent } from '@tickfold/core';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { natsError } from './errors.js';

/** Header names of a chunk message; the payload is exactly the run directory's line bytes. */
export const H = {
  chunk: 'Tickfold-Chunk',
  run: 'Tickfold-Run',
  firstSeq: 'Tickfold-First-Seq',
  lastSeq: 'Tickfold-Last-Seq',
  head: 'Tickfold-Head',
  writer: 'Tickfold-Writer',
} as const;
export const CHUNK_VERSION = '1';

/** The event store's line: `{"h":"<hash>","e":<canonical>}\n` (see event-store/README.md, "Line format"). */
export const encodeLine = (r: EventRecord): string => `{"h":"${r.hash}","e":${r.canonical}}\n`;

/** What identifies a chunk: the same lines always get the same message id, whoever publishes them. */
export interface ChunkMeta {
  readonly runId: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly head: string;
  readonly writer: string;
}

export const chunkMsgId = (m: Pick<ChunkMeta, 'runId' | 'firstSeq' | 'lastSeq' | 'head'>): string => `${m.runId}:${m.firstSeq}-${m.lastSeq}:${m.head}`;

export function chunkHeaders(m: ChunkMeta): MsgHdrs {
  const h = natsHeaders();
  h.set(H.chunk, CHUNK_VERSION);
  h.set(H.run, m.runId);
  h.set(H.firstSeq, String(m.firstSeq));
  h.set(H.lastSeq, String(m.lastSeq));
  h.set(H.head, m.head);
  h.set(H.writer, m.writer);
  return h;
}

/** A stored message as read back: its stream seq, subject, headers and payload. */
export interface StoredChunk {
  readonly streamSeq: number;
  readonly subject: string;
  readonly headers?: MsgHdrs | undefined;
  readonly data: Uint8Array;
}

const notChunk = (m: StoredChunk, what: string) =>
  natsError(
    'E_NATS_NOT_A_CHUNK',
    `message ${m.streamSeq} on ${m.subject} is not a tickfold chunk (${what}); something other than tickfold published to this run's subject: delete the message ('nats stream rmm TICKFOLD_RUNS ${m.streamSeq}') or use another run id`,
    { subject: m.subject, streamSeq: m.streamSeq },
  );

/** The chunk's identity from its headers, or E_NATS_NOT_A_CHUNK. */
export function chunkMeta(m: StoredChunk): ChunkMeta {
  const h = m.headers;
  if (h?.get(H.chunk) !== CHUNK_VERSION) throw notChunk(m, `no ${H.chunk}: ${CHUNK_VERSION} header`);
  const firstSeq = Number(h.get(H.firstSeq));
  const lastSeq = Number(h.get(H.lastSeq));
  const head = h.get(H.head);
  if (!Number.isSafeInteger(firstSeq) || !Number.isSafeInteger(lastSeq) || firstSeq < 1 || lastSeq < firstSeq || !/^[0-9a-f]{64}$/.test(head)) {
    throw notChunk(m, 'its seq or head headers are missing or malformed');
  }
  return { runId: h.get(H.run), firstSeq, lastSeq, head, writer: h.get(H.writer) };
}

const LINE_HEAD = '{"h":"';
const LINE_MID = '","e":';

/**
 * The chunk's records, checked end to end against the run's seq and hash chain so far: whatever
 * JetStream loses, duplicates or reorders shows up here as E_NATS_CHUNK_SEQ or E_NATS_CHUNK_CHAIN.
 */
export function decodeChunk(m: StoredChunk, at: { readonly seq: number; readonly head: string }): { records: EventRecord[]; meta: ChunkMeta } {
  const meta = chunkMeta(m);
  const where = `message ${m.streamSeq} on ${m.subject}`;
  if (meta.firstSeq !== at.seq + 1) {
    throw natsError(
      'E_NATS_CHUNK_SEQ',
      `${where} starts at seq ${meta.firstSeq} but the run's log so far ends at seq ${at.seq}: a chunk was lost or duplicated in the stream; the stored run cannot be trusted past seq ${at.seq} (run it again, or fetch what is before)`,
      { subject: m.subject, streamSeq: m.streamSeq, seq: at.seq + 1 },
    );
  }
  const text = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString('utf8');
  if (!text.endsWith('\n')) throw notChunk(m, 'its payload does not end with a whole line');
  const records: EventRecord[] = [];
  let seq = at.seq;
  let head = at.head;
  for (const line of text.slice(0, -1).split('\n')) {
    if (!line.startsWith(LINE_HEAD) || line.slice(70, 76) !== LINE_MID || !line.endsWith('}')) throw notChunk(m, `line ${records.length + 1} is not an event line`);
    const hash = line.slice(6, 70);
    const canonical = line.slice(76, -1);
    let event: TickfoldEvent;
    try {
      event = JSON.parse(canonical) as TickfoldEvent;
    } catch (e) {
      throw notChunk(m, `line ${records.length + 1} is not JSON (${(e as Error).message})`);
    }
    if (event?.seq !== seq + 1) {
      throw natsError('E_NATS_CHUNK_SEQ', `${where}: expected seq ${seq + 1} but found ${String(event?.seq)}; the stored run cannot be trusted past seq ${seq}`, { subject: m.subject, streamSeq: m.streamSeq, seq: seq + 1 });
    }
    if (chainHash(head, canonical) !== hash) {
      throw natsError('E_NATS_CHUNK_CHAIN', `${where}: seq ${seq + 1} does not chain from the one before: the stored log was changed; the stored run cannot be trusted past seq ${seq}`, { subject: m.subject, streamSeq: m.streamSeq, seq: seq + 1 });
    }
    records.push({ event, canonical, hash });
    seq += 1;
    head = hash;
  }
  if (seq !== meta.lastSeq || head !== meta.head) throw notChunk(m, `its headers say seq ${meta.lastSeq} but its lines end at seq ${seq}`);
  return { records, meta };
}
