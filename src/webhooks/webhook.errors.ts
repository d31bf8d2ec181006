import { AppError } from '../shared/app-error.ts';

/**
 * The webhook host resolved to an address outside the public internet and not allow-listed. Never retried.
 * The message (stored in the tenant's run history) does not say which address: that would tell a tenant
 * what internal names resolve to. `address` and `range` are for the server log only.
 */
export class WebhookAddressBlockedError extends AppError {
  /** Retrying cannot help: the same name will be refused again. */
  readonly permanent = true;

  constructor(
    hostname: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      'WEBHOOK_ADDRESS_BLOCKED',
      422,
      `webhook address not allowed: ${hostname} resolves to a private or reserved address`,
      { details: { hostname } },
    );
  }
}

/** `WEBHOOK_ALLOW_PRIVATE` (or another allow-list input) holds something that is not a CIDR. */
export class InvalidAllowListError extends AppError {
  constructor(entry: string, options?: { cause?: unknown }) {
    super('INVALID_WEBHOOK_ALLOW_LIST', 500, `'${entry}' is not a CIDR such as 127.0.0.0/8 or fd00::/8`, {
      cause: options?.cause,
      details: { entry },
    });
  }
}
