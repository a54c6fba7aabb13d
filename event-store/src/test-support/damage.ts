import * as fs from 'node:fs';
import { join } from 'node:path';

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
