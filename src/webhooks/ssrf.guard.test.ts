import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkAddress, createAddressPolicy } from './ssrf.guard.ts';
import { InvalidAllowListError } from './webhook.errors.ts';

const closed = createAddressPolicy('');

void describe('checkAddress', () => {
  void it('allows public unicast addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) {
      assert.deepEqual(checkAddress(address, closed), { allowed: true, address });
    }
  });

  void it('blocks every non-public range, naming it', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['0.0.0.0', 'unspecified'],
      ['255.255.255.255', 'broadcast'],
      ['224.0.0.1', 'multicast'],
      ['240.0.0.1', 'reserved'],
      ['192.0.2.1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'linkLocal'],
      ['fd00::1', 'uniqueLocal'],
      ['fc00::1', 'uniqueLocal'],
      ['ff02::1', 'multicast'],
      ['64:ff9b::7f00:1', 'rfc6052'],
      ['2002:7f00:1::', '6to4'],
      ['2001:0:4136:e378::1', 'teredo'],
    ];
    for (const [address, range] of cases) {
      const verdict = checkAddress(address, closed);
      assert.equal(verdict.allowed, false, address);
      assert.equal(!verdict.allowed && verdict.range, range, address);
    }
  });

  void it('judges IPv4-mapped IPv6 by the IPv4 inside', () => {
    assert.deepEqual(checkAddress('::ffff:127.0.0.1', closed), {
      allowed: false,
      address: '127.0.0.1',
      range: 'loopback',
    });
    assert.deepEqual(checkAddress('::ffff:7f00:1', closed), {
      allowed: false,
      address: '127.0.0.1',
      range: 'loopback',
    });
    assert.deepEqual(checkAddress('::ffff:a9fe:a9fe', closed), {
      allowed: false,
      address: '169.254.169.254',
      range: 'linkLocal',
    });
    assert.equal(checkAddress('::ffff:8.8.8.8', closed).allowed, true);
  });

  void it('refuses what is not an address', () => {
    assert.deepEqual(checkAddress('localhost', closed), {
      allowed: false,
      address: 'localhost',
      range: 'unparsable',
    });
  });
});

void describe('createAddressPolicy', () => {
  void it('lets allow-listed networks through, and only those', () => {
    const policy = createAddressPolicy(' 127.0.0.0/8, fd12:3456::/32 ,10.0.0.7');
    assert.equal(checkAddress('127.0.0.1', policy).allowed, true);
    assert.equal(checkAddress('::ffff:127.0.0.1', policy).allowed, true);
    assert.equal(checkAddress('fd12:3456::9', policy).allowed, true);
    assert.equal(checkAddress('10.0.0.7', policy).allowed, true);
    assert.equal(checkAddress('10.0.0.8', policy).allowed, false);
    assert.equal(checkAddress('::1', policy).allowed, false);
    assert.equal(checkAddress('169.254.169.254', policy).allowed, false);
  });

  void it('accepts an IPv4-mapped CIDR as the IPv4 network', () => {
    const policy = createAddressPolicy(['::ffff:10.1.0.0/112']);
    assert.equal(checkAddress('10.1.3.4', policy).allowed, true);
    assert.equal(checkAddress('10.2.0.1', policy).allowed, false);
  });

  void it('names a bad entry', () => {
    assert.throws(
      () => createAddressPolicy('127.0.0.0/8,not-a-cidr'),
      (error: unknown) => error instanceof InvalidAllowListError && error.details?.entry === 'not-a-cidr',
    );
    assert.throws(() => createAddressPolicy('10.0.0.0/33'), InvalidAllowListError);
  });
});
