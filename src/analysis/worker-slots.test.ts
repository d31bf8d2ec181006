import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewBusyError } from './analysis.errors.ts';
import { WorkerSlots, type SlotLane } from './worker-slots.ts';

const preview = (group: string, maxWaiting = 4): SlotLane => ({ kind: 'preview', group, maxWaiting });
const job: SlotLane = { kind: 'job' };

/** Queues one waiter per label; each records its label when granted and frees its slot at once. */
function queue(slots: WorkerSlots, waiters: Array<[string, SlotLane]>, order: string[]) {
  return waiters.map(([label, lane]) =>
    slots.acquire(lane).then((release) => {
      order.push(label);
      release();
    }),
  );
}

void describe('WorkerSlots', () => {
  void it('serves the previews of different tenants round-robin, not in arrival order', async () => {
    const slots = new WorkerSlots(1);
    const hold = await slots.acquire(job);
    const order: string[] = [];
    const waiting = queue(
      slots,
      [
        ['a1', preview('a')],
        ['a2', preview('a')],
        ['a3', preview('a')],
        ['b1', preview('b')],
      ],
      order,
    );
    hold();
    await Promise.all(waiting);
    assert.deepEqual(order, ['a1', 'b1', 'a2', 'a3']);
  });

  void it('alternates analysis jobs and previews while both wait, so neither starves', async () => {
    const slots = new WorkerSlots(1);
    const hold = await slots.acquire(job);
    const order: string[] = [];
    const waiting = queue(
      slots,
      [
        ['p1', preview('a')],
        ['p2', preview('b')],
        ['p3', preview('c')],
        ['j1', job],
        ['j2', job],
      ],
      order,
    );
    hold();
    await Promise.all(waiting);
    assert.deepEqual(order, ['j1', 'p1', 'j2', 'p2', 'p3']);
  });

  void it("refuses a tenant's preview past its line's bound, while another tenant still queues", async () => {
    const slots = new WorkerSlots(1);
    const hold = await slots.acquire(job);
    const waiting = [slots.acquire(preview('a', 2)), slots.acquire(preview('a', 2))];
    assert.throws(() => slots.acquire(preview('a', 2)), PreviewBusyError);
    const other = slots.acquire(preview('b', 2));
    assert.deepEqual(slots.stats(), {
      capacity: 1,
      running: 1,
      waitingJobs: 0,
      waitingPreviews: 3,
      granted: 1,
    });
    hold();
    await Promise.all([...waiting, other].map(async (granted) => (await granted)()));
    assert.equal(slots.stats().running, 0);
  });

  void it('an aborted waiter leaves its line and never gets a slot', async () => {
    const slots = new WorkerSlots(1);
    const hold = await slots.acquire(job);
    const controller = new AbortController();
    const abandoned = slots.acquire(preview('a'), controller.signal);
    const next = slots.acquire(preview('a'));
    controller.abort(new Error('client left'));
    await assert.rejects(abandoned, /client left/);
    assert.equal(slots.stats().waitingPreviews, 1);
    hold();
    (await next)();
    assert.deepEqual(
      { running: slots.stats().running, granted: slots.stats().granted },
      { running: 0, granted: 2 },
    );
  });

  void it('a release called twice frees one slot only', async () => {
    const slots = new WorkerSlots(2);
    const first = await slots.acquire(job);
    await slots.acquire(job);
    first();
    first();
    assert.equal(slots.stats().running, 1);
  });
});
