import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** True when `secret` is `whsec_<base64>` holding 24–64 bytes of key. */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(PREFIX)) return false;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * The `webhook-signature` value for one message: `v1,<base64 HMAC-SHA256(key, id.timestamp.body)>` per secret,
 * space-separated, so during a rotation receivers holding either the new or the previous secret verify it.
 */
export function signWebhook(
  secrets: readonly string[],
  msgId: string,
  timestampSeconds: number,
  body: string,
): string {
  if (secrets.length === 0) throw new Error('at least one webhook secret is needed');
  return secrets
    .map((secret) => {
      if (!isWebhookSecret(secret)) throw new Error('webhook secrets must look like whsec_<base64>');
      const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
      const mac = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
      return `v1,${mac}`;
    })
    .join(' ');
}

/** The three Standard Webhooks headers for a message body. */
export function webhookHeaders(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  body: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signWebhook(secrets, msgId, seconds, body),
  };
}
