import { AppError } from '../shared/app-error.ts';

/** The webhook host resolved to an address outside the public internet and not allow-listed. Never retried. */
export class WebhookAddressBlockedError extends AppError {
  /** Retrying cannot help: the same name will be refused again. */
  readonly permanent = true;

  constructor(hostname: string, address: string, range: string) {
    super(
      'WEBHOOK_ADDRESS_BLOCKED',
      422,
      `webhook host ${hostname} resolves to ${address} (${range}), which is not allowed`,
      {
        details: { hostname, address, range },
      },
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
