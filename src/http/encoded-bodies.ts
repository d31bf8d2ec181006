/**
 * Bytes of cached bodies as they are sent, keyed by their strong ETag. A strong ETag names exactly one body,
 * so an entry can never be stale; keeping the bytes spares encoding (or decompressing) the same body on
 * every cached read. Bounded by bytes, oldest first out.
 */
export class EncodedBodies {
  readonly #bodies = new Map<string, Buffer>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The UTF-8 bytes of `text`, whose strong ETag is `etag`. */
  bytesOf(etag: string, text: string): Buffer {
    return this.#bodies.get(etag) ?? this.#keep(etag, Buffer.from(text));
  }

  /** The bytes of the body whose strong ETag is `etag`, made by `make` when they are not kept. */
  async remembered(etag: string, make: () => Promise<Buffer>): Promise<Buffer> {
    return this.#bodies.get(etag) ?? this.#keep(etag, await make());
  }

  #keep(etag: string, body: Buffer): Buffer {
    if (body.length > this.maxBytes / 16 || this.#bodies.has(etag)) return body;
    this.#bodies.set(etag, body);
    this.#bytes += body.length;
    for (const [oldest, bytes] of this.#bodies) {
      if (this.#bytes <= this.maxBytes) break;
      this.#bodies.delete(oldest);
      this.#bytes -= bytes.length;
    }
    return body;
  }
}
