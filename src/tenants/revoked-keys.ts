/**
 * How long a revoked key's digest is refused locally: longer than a cached lookup lives (`api_key` TTL,
 * 5 min), so a lookup loaded just before the revocation committed and cached just after cannot be used.
 */
const REFUSE_MS = 10 * 60_000;

/** Revocations this process has heard of: digests it refuses for a while, and what each key has open. */
export class RevokedKeys {
  /** Key digest (hex) → until when it is refused (epoch ms). */
  readonly #refused = new Map<string, number>();
  /** Key id → what to call when it is revoked (ends its event streams). */
  readonly #watchers = new Map<string, Set<() => void>>();

  /** Whether a key with this digest was revoked recently (checked before any cached lookup is trusted). */
  isRefused(keyHash: string): boolean {
    if (this.#refused.size === 0) return false; // the usual case costs one comparison
    const until = this.#refused.get(keyHash);
    return until !== undefined && until > Date.now();
  }

  /** Records a revocation: the digest is refused from now on and everything watching the key is ended. */
  revoked(keyId: string, keyHash: string): void {
    const now = Date.now();
    for (const [hash, until] of this.#refused) if (until <= now) this.#refused.delete(hash);
    this.#refused.set(keyHash, now + REFUSE_MS);
    this.end(keyId);
  }

  /** Calls `onRevoked` once when key `keyId` is revoked; returns the function that stops watching. */
  watch(keyId: string, onRevoked: () => void): () => void {
    let watchers = this.#watchers.get(keyId);
    if (watchers === undefined) this.#watchers.set(keyId, (watchers = new Set()));
    watchers.add(onRevoked);
    return () => {
      watchers.delete(onRevoked);
      if (watchers.size === 0 && this.#watchers.get(keyId) === watchers) this.#watchers.delete(keyId);
    };
  }

  /** Ids of the keys something is watching. */
  watchedKeyIds(): string[] {
    return [...this.#watchers.keys()];
  }

  /** Ends everything watching key `keyId`. */
  end(keyId: string): void {
    const watchers = this.#watchers.get(keyId);
    this.#watchers.delete(keyId);
    for (const onRevoked of watchers ?? []) onRevoked();
  }
}
