import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, open, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError, StorageFullError } from './files.errors.ts';
import { SNIFF_BYTES } from './file-type.ts';

/** A stream written to its blob: the caller records it (a file row) or discards it. */
export interface StagedBlob {
  sizeBytes: number;
  sha256: string;
  head: Buffer;
  discard(): Promise<void>;
}

/** A write that failed for lack of space (ENOSPC) or quota (EDQUOT) as the `StorageFullError` the client sees. */
function asStorageFull(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? new StorageFullError({ cause: error }) : error;
}

// Tenants' files are readable by the server's OS user only, whatever the umask: folders 0700, files 0600.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * The process's umask on Linux (from /proc, read once: reading it with `process.umask()` briefly changes it);
 * undefined where it cannot be read, and then every new blob gets its mode set explicitly.
 */
function currentUmask(): number | undefined {
  try {
    const line = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return line ? parseInt(line[1]!, 8) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates `path` (never an existing file) for writing; the numeric descriptor, not a `FileHandle`: measured, the
 * promise API's handle costs the event loop three to five times as much per file.
 */
function openNew(path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(path, 'wx', FILE_MODE, (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

/** Stores file bytes on the local disk under `root`, owner-only; keys are relative paths made by the caller. */
export class LocalBlobStore {
  /** Folders this process made or found (a folder per tenant and month): one mkdir each, not one per upload. */
  readonly #folders = new Set<string>();
  /** Whether the umask narrows a new file's 0600 (then each blob is chmod-ed; with the usual 022 or 077 it is not). */
  readonly #umaskNarrows: boolean;

  constructor(private readonly root: string) {
    const umask = currentUmask();
    this.#umaskNarrows = umask === undefined || (FILE_MODE & ~umask) !== FILE_MODE;
  }

  /**
   * Streams `source` to the blob `key` while hashing and counting; over `maxBytes` → FileTooLargeError, and
   * nothing is left. The blob is written in place, not staged and renamed: nothing refers to its key until the
   * caller commits a row naming it, and the caller discards it when it does not. Once `signal` aborts, the rest
   * of `source` is read and dropped (the client's body is drained, nothing more is written); the caller then
   * discards the blob.
   */
  async stage(key: string, source: Readable, maxBytes: number, signal?: AbortSignal): Promise<StagedBlob> {
    const path = this.path(key);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let size = 0;
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (signal?.aborted) return callback();
        size += chunk.length;
        if (size > maxBytes) return callback(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        if (headSize < SNIFF_BYTES) {
          headChunks.push(chunk);
          headSize += chunk.length;
        }
        callback(null, chunk);
      },
    });
    const discard = () => rm(path, { force: true });
    let opened = false;
    try {
      // opened before the first byte is read, so a folder removed behind our back can be made again
      const folder = dirname(path);
      await this.#folder(folder); // a new folder needs a block of its own
      const fd = await openNew(path).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        this.#folders.delete(folder);
        await this.#folder(folder);
        return openNew(path);
      });
      opened = true;
      await pipeline(source, meter, createWriteStream(path, { fd }));
      // `mode` is narrowed by the umask, never widened: where the umask would narrow it, this makes it exact
      if (this.#umaskNarrows) await chmod(path, FILE_MODE);
    } catch (error) {
      if (opened) await discard();
      throw asStorageFull(error);
    }
    return {
      sizeBytes: size,
      sha256: hash.digest('hex'),
      head: Buffer.concat(headChunks).subarray(0, SNIFF_BYTES),
      discard,
    };
  }

  /** The blob's whole content (drawings are read whole by the analyzers). */
  readAll(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  /** A read stream of the blob's bytes. */
  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async #folder(path: string): Promise<void> {
    if (this.#folders.has(path)) return;
    await mkdir(path, { recursive: true, mode: DIR_MODE });
    this.#folders.add(path);
  }

  private path(key: string): string {
    if (key.includes('..')) throw new Error(`invalid blob key ${key}`);
    return join(this.root, key);
  }
}
