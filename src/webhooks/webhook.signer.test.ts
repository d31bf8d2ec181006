import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Webhook } from 'standardwebhooks';

import { generateWebhookSecret, isWebhookSecret, signWebhook, webhookHeaders } from './webhook.signer.ts';

void describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({
    type: 'analysis_completed',
    data: { materials: { concrete: { quantity: 12 } } },
  });

  void it('generates distinct whsec_ secrets of 32 bytes', () => {
    const a = generateWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.ok(isWebhookSecret(a));
    assert.notEqual(a, generateWebhookSecret());
    assert.equal(isWebhookSecret('whsec_short'), false);
    assert.equal(isWebhookSecret('sk_' + a.slice(6)), false);
  });

  void it('produces headers the standardwebhooks package verifies', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_2b1', new Date(), body);
    assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
    assert.equal(
      headers['webhook-signature'],
      new Webhook(secret).sign('msg_2b1', new Date(Number(headers['webhook-timestamp']) * 1000), body),
    );
  });

  void it('signs with every secret during a rotation, so either verifies', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const headers = webhookHeaders([current, previous], 'msg_rot', new Date(), body);
    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    assert.ok(new Webhook(current).verify(body, headers));
    assert.ok(new Webhook(previous).verify(body, headers));
    assert.throws(() => new Webhook(generateWebhookSecret()).verify(body, headers));
    assert.throws(() => new Webhook(current).verify(body.replace('12', '13'), headers));
  });

  void it('refuses to sign without a well-formed secret', () => {
    assert.throws(() => signWebhook([], 'm', 1, body), /at least one/);
    assert.throws(() => signWebhook(['plain-password'], 'm', 1, body), /whsec_/);
  });
});
