import * as fs from 'node:fs';
import { dirname } from 'node:path';
import seedrandom from 'seedrandom';
import { nodeFileLayer, type FileLayer } from '../fileLayer.js';

export class Crash extends Error {
  constructor(readonly at: number) {
    super(`simulated crash at write ${at}`);
  }
}

/** What a crash does to bytes that were written but not fsynced. */
export type CrashMode = 'drop' | 'tear' | 'zero';

/**
 * A file layer that counts write operations (writes, truncates, atomic file writes) and, at
 * write number `crashAt`, writes a part of that write and "crashes": every later call throws.
 * `crash()` then does to the files what losing power would: unsynced bytes are dropped
 * ('drop'), partly kept ('tear': a seeded prefix) or kept as zeros after a seeded prefix
 * ('zero'), and files whose directory entry was never fsynced disappear ('drop').
 */
export class FaultyFs implements FileLayer {
  writes = 0;
  crashed = false;
  private readonly durable = new Map<string, number>();
  private readonly undurableEntries = new Set<string>();
  private readonly paths = new Map<number, string>();
  private readonly rng: () => number;

  constructor(
    private readonly crashAt = Infinity,
    private readonly mode: CrashMode = 'drop',
    seed = 'faulty',
  ) {
    this.rng = seedrandom.alea(seed);
  }

  /** Durable byte count of each file the layer wrote, at the moment of the crash. */
  durableSizes(): ReadonlyMap<string, number> {
    return this.durable;
  }

  private live(): void {
    if (this.crashed) throw new Crash(this.crashAt);
  }

  private countWrite(partial?: () => void): void {
    this.live();
    if (++this.writes === this.crashAt) {
      partial?.();
      this.crashed = true;
      throw new Crash(this.crashAt);
    }
  }

  private track(path: string, fd: number, created: boolean): number {
    this.paths.set(fd, path);
    if (!this.durable.has(path)) this.durable.set(path, created ? 0 : fs.statSync(path).size);
    if (created) this.undurableEntries.add(path);
    return fd;
  }

  openAppend = (path: string) => (this.live(), this.track(path, nodeFileLayer.openAppend(path), !fs.existsSync(path)));
  openCreate = (path: string) => (this.live(), this.track(path, nodeFileLayer.openCreate(path), true));
  openRead = (path: string) => (this.live(), nodeFileLayer.openRead(path));
  read = (fd: number, b: Uint8Array, o: number, l: number, p: number) => (this.live(), nodeFileLayer.read(fd, b, o, l, p));
  size = (path: string) => (this.live(), nodeFileLayer.size(path));
  exists = (path: string) => (this.live(), nodeFileLayer.exists(path));
  list = (dir: string) => (this.live(), nodeFileLayer.list(dir));
  mkdir = (path: string) => (this.live(), nodeFileLayer.mkdir(path));
  readFile = (path: string) => (this.live(), nodeFileLayer.readFile(path));
  close = (fd: number) => (this.live(), nodeFileLayer.close(fd));

  write(fd: number, buffer: Uint8Array, offset: number, length: number): void {
    this.countWrite(() => nodeFileLayer.write(fd, buffer, offset, Math.floor(this.rng() * length)));
    nodeFileLayer.write(fd, buffer, offset, length);
  }

  fsync(fd: number): void {
    // Durability is modelled, not performed: crash() decides what survives.
    this.live();
    const path = this.paths.get(fd)!;
    this.durable.set(path, fs.statSync(path).size);
  }

  /** Completes on a later turn of the event loop, so a crash can come before the fsync does. */
  fsyncInBackground(fd: number, done: (error: Error | null) => void): void {
    setImmediate(() => {
      try {
        this.fsync(fd);
        done(null);
      } catch (e) {
        done(e as Error);
      }
    });
  }

  truncate(path: string, length: number): void {
    this.countWrite();
    nodeFileLayer.truncate(path, length);
    this.durable.set(path, length);
  }

  unlink(path: string): void {
    this.live();
    nodeFileLayer.unlink(path);
    this.durable.delete(path);
    this.undurableEntries.delete(path);
  }

  rename(from: string, to: string): void {
    this.live();
    nodeFileLayer.rename(from, to);
  }

  fsyncDir(dir: string): void {
    this.live();
    for (const p of [...this.undurableEntries]) if (dirname(p) === dir) this.undurableEntries.delete(p);
  }

  writeFileAtomic(path: string, data: string | Buffer): void {
    const tmp = `${path}.tmp`;
    const bytes = Buffer.from(data);
    this.countWrite(() => fs.writeFileSync(tmp, bytes.subarray(0, Math.floor(this.rng() * bytes.length))));
    fs.writeFileSync(tmp, bytes);
    this.live();
    fs.renameSync(tmp, path);
    this.durable.set(path, bytes.length);
    this.undurableEntries.add(path);
    this.fsyncDir(dirname(path));
  }

  /** Applies the crash to the files on disk. */
  crash(): void {
    this.crashed = true;
    for (const [path, durable] of this.durable) {
      if (!fs.existsSync(path)) continue;
      if (this.mode === 'drop' && this.undurableEntries.has(path)) {
        fs.unlinkSync(path);
        continue;
      }
      const size = fs.statSync(path).size;
      if (size <= durable) continue;
      const kept = this.mode === 'drop' ? 0 : Math.floor(this.rng() * (size - durable + 1));
      if (this.mode === 'zero') {
        const fd = fs.openSync(path, 'r+');
        fs.writeSync(fd, Buffer.alloc(size - durable - kept), 0, size - durable - kept, durable + kept);
        fs.closeSync(fd);
      } else {
        fs.truncateSync(path, durable + kept);
      }
    }
  }
}
