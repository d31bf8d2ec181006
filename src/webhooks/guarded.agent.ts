import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { Agent, buildConnector } from 'undici';

import { checkAddress, type AddressPolicy } from './ssrf.guard.ts';
import { WebhookAddressBlockedError } from './webhook.errors.ts';

/** Resolves a host name to all its addresses (injectable so tests can play a DNS server). */
export type HostLookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** Options of {@link createGuardedAgent} / {@link createGuardedConnector}. */
export interface GuardedAgentOptions {
  policy: AddressPolicy;
  lookup?: HostLookup;
  connectTimeoutMs?: number;
  /** Server log: a refused connection is logged with the address the host resolved to. */
  log?: (line: string) => void;
}

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * An undici connector that resolves the host itself, refuses the connection unless every resolved address
 * passes the policy, and then dials the vetted IP: the socket goes exactly where the check looked, so a
 * second (rebinding) DNS answer never comes into play. TLS still verifies the certificate for the host name.
 */
export function createGuardedConnector(options: GuardedAgentOptions): buildConnector.connector {
  const base = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  const lookup = options.lookup ?? systemLookup;
  return (connectOptions, callback) => {
    void vet(connectOptions.hostname, options, lookup).then(
      (address) => {
        const servername =
          connectOptions.servername ?? (isIP(connectOptions.hostname) ? undefined : connectOptions.hostname);
        base({ ...connectOptions, hostname: address, servername }, callback);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

/** An undici `Agent` whose every connection goes through {@link createGuardedConnector}. One per process. */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  return new Agent({ connect: createGuardedConnector(options) });
}

async function vet(hostname: string, options: GuardedAgentOptions, lookup: HostLookup): Promise<string> {
  // undici hands IPv6 literals over without brackets; names (and odd numeric forms) go through the resolver.
  const addresses =
    isIP(hostname) !== 0 ? [{ address: hostname, family: isIP(hostname) }] : await lookup(hostname);
  if (addresses.length === 0) throw new Error(`no address found for ${hostname}`);
  let first: string | undefined;
  for (const { address } of addresses) {
    const verdict = checkAddress(address, options.policy);
    if (!verdict.allowed) {
      options.log?.(`webhook refused: ${hostname} resolves to ${verdict.address} (${verdict.range})`);
      throw new WebhookAddressBlockedError(hostname, verdict.address, verdict.range);
    }
    first ??= verdict.address;
  }
  return first!;
}
