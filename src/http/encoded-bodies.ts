/**
 * UTF-8 bytes of cached JSON bodies, keyed by their strong ETag. A strong ETag names exactly one body, so an
 * entry can never be stale; keeping the bytes spares encoding the same text on every cached read.
 * Bounded by bytes, oldest first out.
 */
export class EncodedBodies {
  readonly #bodies = new Map<string, Buffer>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The bytes of `text`, whose strong ETag is `etag`. */
  bytesOf(etag: string, text: string): Buffer {
    let body = this.#bodies.get(etag);
    if (body === undefined) {
      body = Buffer.from(text);
      if (body.length > this.maxBytes / 16) return body;
      this.#bodies.set(etag, body);
      this.#bytes += body.length;
      for (const [oldest, bytes] of this.#bodies) {
        if (this.#bytes <= this.maxBytes) break;
        this.#bodies.delete(oldest);
        this.#bytes -= bytes.length;
      }
    }
    return body;
  }
}
