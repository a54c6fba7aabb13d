import * as fs from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** Tools to damage a run directory the way disks, crashes and people do. */
export const seg = (dir: string, name: string) => join(dir, 'events', name);
export const segments = (dir: string) => fs.readdirSync(join(dir, 'events')).filter((n) => n.endsWith('.jsonl')).sort();

/** Byte offsets of each line start in a file. */
export function lineStarts(path: string): number[] {
  const b = fs.readFileSync(path);
  const out = [0];
  for (let i = b.indexOf(10); i !== -1 && i < b.length - 1; i = b.indexOf(10, i + 1)) out.push(i + 1);
  return out;
}

export function flipByte(path: string, offset: number): void {
  const b = fs.readFileSync(path);
  b[offset] = b[offset]! ^ 0x01;
  fs.writeFileSync(path, b);
}

export function zeroTail(path: string, bytes: number): void {
  const b = fs.readFileSync(path);
  b.fill(0, b.length - bytes);
  fs.writeFileSync(path, b);
}

export const cutTail = (path: string, bytes: number) => fs.truncateSync(path, fs.statSync(path).size - bytes);
export const append = (path: string, data: string | Buffer) => fs.appendFileSync(path, data);

export function duplicateLine(path: string, index: number): void {
  const lines = fs.readFileSync(path, 'utf8').split('\n');
  lines.splice(index, 0, lines[index]!);
  fs.writeFileSync(path, lines.join('\n'));
}

export function swapFiles(a: string, b: string): void {
  fs.renameSync(a, `${a}.swap`);
  fs.renameSync(b, a);
  fs.renameSync(`${a}.swap`, b);
}

/**
 * Rewrites a run's log as a forger who knows the format would: `edit` changes the list of events,
 * then every seq is renumbered and the whole chain recomputed into one segment. What is left for
 * a reader to catch is only what the events themselves say.
 */
export async function rechain(dir: string, edit: (events: Record<string, unknown>[]) => Record<string, unknown>[]): Promise<void> {
  const { canonical, chainHash, GENESIS_HASH } = await import('@tickfold/core');
  const names = segments(dir);
  const events = names.flatMap((n) => fs.readFileSync(seg(dir, n), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).e as Record<string, unknown>));
  let head = GENESIS_HASH;
  const lines = edit(events).map((e, i) => {
    const c = canonical({ ...e, seq: i + 1 });
    head = chainHash(head, c);
    return `{"h":"${head}","e":${c}}\n`;
  });
  for (const n of names) fs.unlinkSync(seg(dir, n));
  fs.writeFileSync(seg(dir, '000001.jsonl'), lines.join(''));
}

/** Damage of every kind a run directory meets, anywhere: for property tests that hold two readers to the same report. */
export const anyDamage = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), segment: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), segment: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), segment: fc.nat(), bytes: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('zero' as const), segment: fc.nat(), bytes: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('swap' as const), segment: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), segment: fc.nat() }),
  fc.record({ kind: fc.constant('snapshot' as const), which: fc.nat(), at: fc.nat() }),
);
export type AnyDamage = typeof anyDamage extends fc.Arbitrary<infer T> ? T : never;

/** Does `d` to the run at `dir`: a segment (by index, modulo their count) or a digit of a snapshot file. */
export function applyDamage(dir: string, d: AnyDamage): void {
  const names = segments(dir);
  if (d.kind === 'snapshot') {
    const snaps = fs.readdirSync(join(dir, 'snapshots')).sort();
    const path = join(dir, 'snapshots', snaps[d.which % snaps.length]!);
    const b = fs.readFileSync(path);
    const i = d.at % b.length;
    b[i] = b[i]! === 0x31 ? 0x32 : b[i]! === 0x32 ? 0x31 : b[i]!;
    fs.writeFileSync(path, b);
    return;
  }
  const name = names[d.segment % names.length]!;
  const path = seg(dir, name);
  if (d.kind === 'flip') flipByte(path, d.at % fs.statSync(path).size);
  else if (d.kind === 'duplicate') duplicateLine(path, d.at % lineStarts(path).length);
  else if (d.kind === 'cut') cutTail(path, Math.min(d.bytes, fs.statSync(path).size));
  else if (d.kind === 'zero') zeroTail(path, Math.min(d.bytes, fs.statSync(path).size));
  else if (d.kind === 'swap') swapFiles(path, seg(dir, names[(d.segment + 1) % names.length]!));
  else fs.unlinkSync(path);
}
