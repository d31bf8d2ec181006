import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent } from './event-bus.ts';
import { InProcessEventBus } from './in-process-event-bus.ts';
import { formatSse, formatSseHeartbeat, streamTenantEvents, type SseSink } from './sse.ts';

class MemorySink extends EventEmitter implements SseSink {
  chunks: string[] = [];
  ended = false;
  destroyed = false;
  writableLength = 0;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

const event = (tenantId: string, data: unknown): DomainEvent => ({
  type: 'file.uploaded',
  tenantId,
  id: randomUUID(),
  occurredAt: new Date().toISOString(),
  data,
});

void describe('SSE', () => {
  void it('formats an event as one frame whose data line survives newlines in the payload', () => {
    const e = event('tenant-a', { note: 'line1\nline2' });
    const frame = formatSse(e);
    assert.equal(frame, `id: ${e.id}\nevent: file.uploaded\ndata: ${JSON.stringify(e)}\n\n`);
    const dataLines = frame.split('\n').filter((line) => line.startsWith('data: '));
    assert.equal(dataLines.length, 1);
    assert.deepEqual(JSON.parse(dataLines[0]!.slice(6)), e);
    assert.equal(formatSseHeartbeat('a\nb'), ': a b\n\n');
  });

  void it("streams only the tenant's events, heartbeats, and cleans up when the client leaves", async () => {
    const bus = new InProcessEventBus();
    const sink = new MemorySink();
    streamTenantEvents(sink, bus, 'tenant-a', { heartbeatMs: 20 });
    const mine = event('tenant-a', { n: 1 });
    await bus.publish(mine);
    await bus.publish(event('tenant-b', { n: 2 }));
    await sleep(50);
    assert.equal(sink.chunks[0], 'retry: 3000\n\n');
    assert.ok(sink.chunks.includes(formatSse(mine)));
    assert.ok(!sink.chunks.some((c) => c.includes('tenant-b')));
    assert.ok(sink.chunks.includes(': ping\n\n'));
    sink.emit('close');
    const count = sink.chunks.length;
    await bus.publish(event('tenant-a', { n: 3 }));
    await sleep(50);
    assert.equal(sink.chunks.length, count, 'nothing written after the client left');
  });

  void it('disconnects a client that does not keep up instead of buffering without bound', async () => {
    const bus = new InProcessEventBus();
    const sink = new MemorySink();
    streamTenantEvents(sink, bus, 'tenant-a', { maxBufferedBytes: 10 });
    sink.writableLength = 11;
    await bus.publish(event('tenant-a', {}));
    await sleep(10);
    assert.equal(sink.ended, true);
  });
});
