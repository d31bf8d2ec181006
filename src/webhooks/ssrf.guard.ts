import ipaddr from 'ipaddr.js';

import { InvalidAllowListError } from './webhook.errors.ts';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Networks webhooks may reach although they are not public unicast (from server config, empty by default). */
export interface AddressPolicy {
  readonly allow: readonly (readonly [Address, number])[];
}

/** The verdict on one resolved address; `range` is ipaddr.js's name for the special range (e.g. `loopback`). */
export type AddressVerdict =
  { allowed: true; address: string } | { allowed: false; address: string; range: string };

/**
 * Builds a policy from CIDRs (e.g. the comma-separated `WEBHOOK_ALLOW_PRIVATE`); blanks are ignored and a
 * bare address counts as a single host. Throws {@link InvalidAllowListError} naming a bad entry.
 */
export function createAddressPolicy(cidrs: string | readonly string[] = []): AddressPolicy {
  const entries = (typeof cidrs === 'string' ? cidrs.split(',') : cidrs)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const allow = entries.map((entry): [Address, number] => {
    try {
      if (entry.includes('/')) {
        const [address, bits] = ipaddr.parseCIDR(entry);
        return [normalise(address), isMapped(address) ? bits - 96 : bits];
      }
      const address = normalise(ipaddr.parse(entry));
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    } catch (error) {
      throw new InvalidAllowListError(entry, { cause: error });
    }
  });
  return Object.freeze({ allow: Object.freeze(allow) });
}

/**
 * Decides whether a connection to `address` (a literal IP, as resolved) is allowed: allow-listed, or public
 * unicast. Everything else is blocked: loopback, private, link-local (169.254.169.254), unique-local,
 * carrier-grade NAT, unspecified, broadcast, multicast, reserved, documentation/benchmarking ranges, and
 * IPv6 forms embedding IPv4 (mapped, NAT64, 6to4, Teredo), which are judged by the IPv4 inside when mapped.
 */
export function checkAddress(address: string, policy: AddressPolicy): AddressVerdict {
  let parsed: Address;
  try {
    parsed = normalise(ipaddr.parse(address));
  } catch {
    return { allowed: false, address, range: 'unparsable' };
  }
  const text = parsed.toString();
  for (const [network, bits] of policy.allow) {
    if (network.kind() === parsed.kind() && parsed.match(network, bits))
      return { allowed: true, address: text };
  }
  const range = parsed.range();
  return range === 'unicast' ? { allowed: true, address: text } : { allowed: false, address: text, range };
}

function isMapped(address: Address): address is ipaddr.IPv6 {
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress();
}

/** `::ffff:a.b.c.d` is the IPv4 host a.b.c.d to the kernel, so it is judged (and allow-listed) as one. */
function normalise(address: Address): Address {
  if (isMapped(address)) return address.toIPv4Address();
  if (address instanceof ipaddr.IPv6) address.zoneId = undefined;
  return address;
}
