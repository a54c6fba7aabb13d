import * as fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

/**
 * The file operations the store uses, all synchronous. Tests swap in a fault-injecting layer
 * (see test-support/faultyFs.ts) to crash at any write and drop or tear what was not synced.
 */
export interface FileLayer {
  openAppend(path: string): number;
  /** Creates a file that must not exist yet. */
  openCreate(path: string): number;
  openRead(path: string): number;
  write(fd: number, buffer: Uint8Array, offset: number, length: number): void;
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fsync(fd: number): void;
  /** fsync off the main thread; `done` runs on it afterwards. Optional: without it a roll-over fsyncs in line. */
  fsyncInBackground?(fd: number, done: (error: Error | null) => void): void;
  close(fd: number): void;
  size(path: string): number;
  /** Shortens a file, durably. */
  truncate(path: string, length: number): void;
  exists(path: string): boolean;
  list(dir: string): string[];
  mkdir(path: string): void;
  readFile(path: string): Buffer;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  /** Makes a directory's entries (new files, renames, unlinks) durable. */
  fsyncDir(path: string): void;
  /** Temp file, fsync, rename, fsync of the directory: the file is either old or new, never half. */
  writeFileAtomic(path: string, data: string | Buffer): void;
  /**
   * True when reads see the files on disk as they are (the real file system, or a wrapper of it
   * that only watches): a long read may then also read them on other threads (log/parts.ts,
   * run/replayLines.ts). A wrapper that changes what reads see must set it false.
   */
  readonly onDisk?: boolean;
  /**
   * Told of the bytes of the log another thread read in place of this layer (a position-split
   * read, log/parts.ts), so a layer that counts reads for a progress bar still sees the whole log.
   */
  readElsewhere?(bytes: number): void;
}

function fsyncDir(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The real file system. */
export const nodeFileLayer: FileLayer = {
  onDisk: true,
  openAppend: (path) => fs.openSync(path, 'a'),
  openCreate: (path) => fs.openSync(path, 'wx'),
  openRead: (path) => fs.openSync(path, 'r'),
  write(fd, buffer, offset, length) {
    let done = 0;
    while (done < length) done += fs.writeSync(fd, buffer, offset + done, length - done);
  },
  read: (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  fsync: (fd) => fs.fsyncSync(fd),
  fsyncInBackground: (fd, done) => fs.fsync(fd, (e) => done(e)),
  close: (fd) => fs.closeSync(fd),
  size: (path) => fs.statSync(path).size,
  truncate(path, length) {
    const fd = fs.openSync(path, 'r+');
    try {
      fs.ftruncateSync(fd, length);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  exists: (path) => fs.existsSync(path),
  list: (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []),
  mkdir: (path) => void fs.mkdirSync(path, { recursive: true }),
  readFile: (path) => fs.readFileSync(path),
  unlink: (path) => fs.unlinkSync(path),
  rename: (from, to) => fs.renameSync(from, to),
  fsyncDir,
  writeFileAtomic(path, data) {
    // write-file-atomic fsyncs the temp file before the rename, but not the directory after it.
    writeFileAtomic.sync(path, data, { fsync: true });
    fsyncDir(path.slice(0, Math.max(1, path.lastIndexOf('/'))));
  },
};
