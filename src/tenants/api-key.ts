import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^cai_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly minted API key: `secret` is shown once; only `hash` is stored. */
export interface MintedKey {
  secret: string;
  prefix: string;
  hash: Buffer;
}

/** Makes a new key `cai_<12 hex prefix>_<256-bit random secret>`. */
export function mintApiKey(): MintedKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = `cai_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

/** SHA-256 of the whole key: the key carries 256 random bits, so a slow hash adds nothing. */
export function hashApiKey(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

/** The same SHA-256 in hex: what the key lookup cache is keyed by (one-shot `hash`, on every request). */
export function apiKeyDigest(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The lookup prefix of a well-formed key, or undefined. */
export function parseApiKeyPrefix(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Constant-time comparison of a presented key against a stored hash. */
export function apiKeyMatches(key: string, storedHash: Buffer): boolean {
  const presented = hashApiKey(key);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}
