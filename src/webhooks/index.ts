// Public API of webhook infrastructure: SSRF-guarded connections, Standard Webhooks signing, delivery.
export { WebhookAddressBlockedError, InvalidAllowListError } from './webhook.errors.ts';
export { createAddressPolicy, checkAddress, type AddressPolicy, type AddressVerdict } from './ssrf.guard.ts';
export {
  createGuardedAgent,
  createGuardedConnector,
  type GuardedAgentOptions,
  type HostLookup,
} from './guarded.agent.ts';
export { generateWebhookSecret, isWebhookSecret, signWebhook, webhookHeaders } from './webhook.signer.ts';
export {
  deliverWebhook,
  WEBHOOK_TIMEOUT_MS,
  RESPONSE_BODY_LIMIT,
  type WebhookDelivery,
  type WebhookDeliveryResult,
  type DeliveryError,
} from './webhook.delivery.ts';
