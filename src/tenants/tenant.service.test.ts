import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyDigest, mintApiKey } from './api-key.ts';
import type { TenantRepository } from './tenant.repository.ts';
import { TenantService, type KeyLookup, type KeyLookupCache } from './tenant.service.ts';
import { UnauthorizedError } from './tenants.errors.ts';

const lookup: KeyLookup = { tenantId: 't1', tenantName: 'Acme', keyId: 'k1', role: 'owner' };

/** A key lookup cache that still serves `lookup` after it was deleted: a load that raced the revocation. */
const racingCache: KeyLookupCache = {
  peek: () => lookup,
  getOrSet: async () => lookup,
  delete: async () => undefined,
  clear: async () => undefined,
};

describe('TenantService revocations', () => {
  const { secret } = mintApiKey();
  const authorization = `Bearer ${secret}`;

  it('refuses a revoked key even when a racing load cached its lookup again', async () => {
    const service = new TenantService({} as TenantRepository, racingCache);
    assert.deepEqual(await service.authenticate(authorization), lookup);
    await service.keyRevoked({ keyId: lookup.keyId, keyHash: apiKeyDigest(secret) });
    await assert.rejects(service.authenticate(authorization), UnauthorizedError);
    assert.equal(service.authenticateLocal(authorization), undefined, 'the hot path refuses it too');
  });

  it("ends what the revoked key watches, once, and nothing of another key's", async () => {
    const service = new TenantService({} as TenantRepository, racingCache);
    const ended: string[] = [];
    service.watchRevocation('k1', () => ended.push('k1 stream'));
    const unwatch = service.watchRevocation('k1', () => ended.push('closed k1 stream'));
    service.watchRevocation('k2', () => ended.push('k2 stream'));
    unwatch();
    await service.keyRevoked({ keyId: 'k1', keyHash: apiKeyDigest(secret) });
    await service.keyRevoked({ keyId: 'k1', keyHash: apiKeyDigest(secret) });
    assert.deepEqual(ended, ['k1 stream']);
  });
});
