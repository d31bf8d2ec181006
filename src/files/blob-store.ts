import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError } from './files.errors.ts';
import { SNIFF_BYTES } from './file-type.ts';

/** A stream written to a temporary blob: commit it under its final key or discard it. */
export interface StagedBlob {
  sizeBytes: number;
  sha256: string;
  head: Buffer;
  commit(key: string): Promise<void>;
  discard(): Promise<void>;
}

// Tenants' files are readable by the server's OS user only, whatever the umask: folders 0700, files 0600.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Stores file bytes on the local disk under `root`, owner-only; keys are relative paths made by the caller. */
export class LocalBlobStore {
  /** Folders this process made or found (a folder per tenant and month): one mkdir each, not one per upload. */
  readonly #folders = new Set<string>();

  constructor(private readonly root: string) {}

  /** Streams `source` to a temporary file while hashing and counting; over `maxBytes` → FileTooLargeError. */
  async stage(source: Readable, maxBytes: number): Promise<StagedBlob> {
    const tmpPath = join(this.root, 'tmp', randomUUID());
    await this.#folder(dirname(tmpPath));
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let size = 0;
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
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
    try {
      await pipeline(source, meter, createWriteStream(tmpPath, { mode: FILE_MODE }));
      await chmod(tmpPath, FILE_MODE); // `mode` is narrowed by the umask, never widened; this makes it exact
    } catch (error) {
      await rm(tmpPath, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.#folders.delete(dirname(tmpPath));
      throw error;
    }
    const discard = () => rm(tmpPath, { force: true });
    return {
      sizeBytes: size,
      sha256: hash.digest('hex'),
      head: Buffer.concat(headChunks).subarray(0, SNIFF_BYTES),
      discard,
      commit: async (key) => {
        const finalPath = this.path(key);
        await this.#folder(dirname(finalPath));
        await rename(tmpPath, finalPath).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          this.#folders.delete(dirname(finalPath)); // removed behind our back: make it again
          await this.#folder(dirname(finalPath));
          await rename(tmpPath, finalPath);
        });
      },
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
