import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../widget/storage';
import { driveTransport, eventually, ids, KEY, useEventSink, START, trackEvent, type EventSink } from '../helpers/event-sink';

// A page waiting out what the server asked keeps its queue to itself, and no clock change can make
// it wait longer than the server may ask (10 minutes).

let sink: EventSink;
useEventSink((s) => (sink = s));

const MINUTE = 60_000;

describe('a page waiting to retry', () => {
  it('is not taken for gone while it waits out a Retry-After longer than 5 minutes, and is once it has been silent 5 minutes past it', async () => {
    sink.reply({ status: 503, headers: { 'Retry-After': '540' } });
    const storage = memoryStore();
    const waiting = driveTransport(sink.url, { storage });
    const e = trackEvent('ann');
    waiting.transport.send(e, true);
    await eventually(() => expect(waiting.delays()).toEqual([9 * MINUTE]));

    const owner = Object.keys(waiting.queues());
    expect(owner).toHaveLength(1);

    // Another tab opening 6 minutes later leaves the queue to the page that owns it.
    const second = driveTransport(sink.url, { storage, start: START + 6 * MINUTE });
    second.advance(0);
    expect(Object.keys(second.queues())).toEqual(owner);

    // The first page never came back: 5 minutes after its retry was due, a new page takes over.
    const third = driveTransport(sink.url, { storage, start: START + 14 * MINUTE + 1 });
    third.advance(0);
    await eventually(() => expect(sink.acked()).toEqual(ids(e)));
    await eventually(() => expect(third.queues()).toEqual({}));
  });

  it('waits at most 10 minutes when the clock is set back during a wait', async () => {
    sink.reply({ status: 503, headers: { 'Retry-After': '600' } });
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([10 * MINUTE]));
    // The clock jumps two days back: the next look at the queue still waits no more than 10 minutes.
    h.clock -= 2 * 86_400_000;
    h.transport.send(trackEvent('ann', h.clock));
    h.advance(5000);
    expect(Math.max(...h.delays())).toBeLessThanOrEqual(10 * MINUTE);
    h.advance(10 * MINUTE);
    await eventually(() => expect(sink.acked()).toHaveLength(2));
  });

  it('counts a taken-over dropped report without a usable count as one dropped event', async () => {
    const storage = memoryStore();
    const e = trackEvent('ann');
    const broken = { id: trackEvent('ann').id, at: new Date(START - 2 * 86_400_000).toISOString(), userId: 'ann', accountId: 'acct_ann', type: 'dropped', count: 'many' };
    storage.setItem(`upshift:${KEY}:q:gone`, JSON.stringify({ t: 0, q: [[broken], [e]], d: 0 }));
    const next = driveTransport(sink.url, { storage });
    next.advance(0);
    await eventually(() => expect(sink.acked()).toHaveLength(2));
    const sent = sink.requests.flatMap((r) => r.batch.events);
    expect(sent.find((x) => x.type === 'dropped')).toMatchObject({ count: 1, userId: 'ann' });
    expect(sent.map((x) => x.id)).toContain(e.id);
  });
});
