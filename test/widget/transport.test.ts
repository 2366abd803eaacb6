import { describe, expect, it } from 'vitest';
import { closedPort, driveTransport, eventually, heavy, ids, many, startEventSink, START, trackEvent, useEventSink, type EventSink } from '../helpers/event-sink';

let sink: EventSink;
useEventSink((s) => (sink = s));

describe('batching', () => {
  it('holds fewer than 50 events for 5 s after the first, then sends them in one text/plain request', async () => {
    const h = driveTransport(sink.url);
    const events = many(49);
    for (const e of events) h.transport.send(e);
    expect(h.delays()).toEqual([5000]);
    h.advance(4999);
    expect(h.maxInFlight).toBe(0);
    h.advance(1);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.ids()).toEqual([ids(...events)]);
    const [request] = sink.requests;
    expect(request!.url).toBe('/v1/events?key=pk_test_transport');
    expect(request!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(request!.batch.token).toBeUndefined();
  });

  it('sends at once when the 50th event is queued, or when asked to', async () => {
    const h = driveTransport(sink.url);
    const fifty = many(50);
    for (const e of fifty.slice(0, 49)) h.transport.send(e);
    expect(h.maxInFlight).toBe(0);
    h.transport.send(fifty[49]!);
    expect(h.inFlight).toBe(1);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual(ids(...fifty));
    const click = trackEvent('ann');
    h.transport.send(click, true);
    expect(h.inFlight).toBe(1);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual(ids(...fifty, click));
  });
});

describe('retries', () => {
  it('keeps each event and its id through 500s until the server takes it, then sends it no more', async () => {
    sink.reply(500, 500);
    const h = driveTransport(sink.url);
    const events = many(3);
    events.forEach((e, i) => h.transport.send(e, i === 2));
    await eventually(() => expect(h.delays()).toEqual([5000, 1000]));
    h.advance(1000);
    await eventually(() => expect(h.delays()).toEqual([5000, 1000, 2000]));
    h.advance(2000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.ids()).toEqual([ids(...events), ids(...events), ids(...events)]);
    h.advance(3_600_000);
    expect(h.inFlight).toBe(0);
    expect(sink.requests).toHaveLength(3);
    expect(sink.acked()).toEqual(ids(...events));
  });

  it('doubles the backoff after each failure, up to 60 s', async () => {
    const waits = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000];
    sink.reply(...waits.map(() => 500));
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    for (let i = 0; i < waits.length; i++) {
      await eventually(() => expect(h.delays()).toEqual(waits.slice(0, i + 1)));
      h.advance(waits[i]!);
    }
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual([e.id]);
    expect(sink.requests).toHaveLength(waits.length + 1);
  });

  it.each([
    [0, 0],
    [51, 200],
    [255, 1000],
  ])('draws the backoff from the full jitter range: byte %i waits %i ms', async (byte, wait) => {
    sink.reply(503);
    const h = driveTransport(sink.url);
    h.jitter = byte;
    h.transport.send(trackEvent('ann'), true);
    await eventually(() => expect(h.delays()).toEqual([wait]));
    h.advance(wait);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toHaveLength(1);
  });

  it.each([
    ['30', 30_000],
    [new Date(START + 90_000).toUTCString(), 90_000],
    ['86400', 600_000],
    [new Date(START + 30 * 86_400_000).toUTCString(), 600_000],
    ['0', 1000],
    ['soon', 1000],
  ])('obeys Retry-After %j when it asks for more than the backoff, up to 10 min: waits %i ms', async (retryAfter, wait) => {
    sink.reply({ status: 503, headers: { 'Retry-After': retryAfter } });
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([wait]));
    h.advance(wait - 1);
    expect(h.inFlight).toBe(0);
    h.advance(1);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual([e.id]);
  });

  it.each([408, 429, 500, 502, 503])('retries after HTTP %i', async (status) => {
    sink.reply(status);
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([1000]));
    h.advance(1000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual([e.id]);
    expect(h.warn).not.toHaveBeenCalled();
  });

  it.each([400, 401, 403, 404, 413, 422])('drops a batch refused with HTTP %i, with a warning, and sends the next one at once', async (status) => {
    sink.reply(status);
    const h = driveTransport(sink.url);
    const [refused, next] = many(2);
    h.transport.send(refused!, true);
    h.transport.send(next!);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual([next!.id]);
    expect(sink.ids()).toEqual([[refused!.id], [next!.id]]);
    expect(h.warn).toHaveBeenCalledWith(`1 events refused with HTTP ${status}`);
    expect(h.queues()).toEqual({});
  });

  it('retries when the connection is refused, and delivers once the server is up', async () => {
    const port = await closedPort();
    const h = driveTransport(`http://127.0.0.1:${port}`);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([1000]));
    const revived = await startEventSink(port);
    try {
      h.advance(1000);
      await eventually(() => expect(h.queues()).toEqual({}));
      expect(revived.acked()).toEqual([e.id]);
      expect(revived.invalid).toEqual([]);
    } finally {
      await revived.close();
    }
  });

  it('aborts a request unanswered after 15 s and retries it, never two requests at once', async () => {
    sink.reply('hang');
    const h = driveTransport(sink.url);
    const [first, second] = many(2);
    h.transport.send(first!, true);
    await eventually(() => expect(sink.requests).toHaveLength(1));
    h.transport.send(second!, true);
    h.advance(14_999);
    expect(h.inFlight).toBe(1);
    expect(h.delays()).toEqual([]);
    h.advance(1);
    await eventually(() => expect(h.delays()).toEqual([1000]));
    h.advance(1000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual(ids(first!, second!));
    expect(sink.ids()).toEqual([[first!.id], ids(first!, second!)]);
    expect(h.maxInFlight).toBe(1);
  });

  it('sends at once on flush() (page hidden, back online) during a backoff', async () => {
    sink.reply(503, 503, 503);
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([1000]));
    h.transport.flush('now');
    await eventually(() => expect(sink.requests).toHaveLength(2));
    await eventually(() => expect(h.inFlight).toBe(0));
    h.transport.flush('now');
    await eventually(() => expect(sink.requests).toHaveLength(3));
  });

  it('but not before a Retry-After the server gave has passed', async () => {
    sink.reply({ status: 503, headers: { 'Retry-After': '120' } });
    const h = driveTransport(sink.url);
    const e = trackEvent('ann');
    h.transport.send(e, true);
    await eventually(() => expect(h.delays()).toEqual([120_000]));
    h.transport.flush('now');
    h.advance(60_000);
    h.transport.flush('now');
    expect(sink.requests).toHaveLength(1);
    h.advance(60_000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.acked()).toEqual([e.id]);
  });
});

describe('what a request carries', () => {
  it("keeps the unacknowledged events in storage and sends each person's with their own token", async () => {
    sink.reply(200, 500);
    const h = driveTransport(sink.url);
    h.token = 'tok-a';
    const [a1, a2] = many(2, 'ann');
    h.transport.send(a1!);
    h.transport.send(a2!);
    h.token = 'tok-b';
    const [b1, b2] = many(2, 'bob');
    h.transport.send(b1!);
    h.transport.send(b2!);
    h.token = 'tok-a';
    const a3 = trackEvent('ann');
    h.transport.send(a3);
    expect(Object.values(h.queues())).toEqual([{ t: START, d: 0, q: [[a1, 'tok-a'], [a2, 'tok-a'], [b1, 'tok-b'], [b2, 'tok-b'], [a3, 'tok-a']] }]);
    h.advance(5000);
    await eventually(() => expect(h.delays()).toEqual([5000, 1000]));
    // The first person's batch was taken; the second's failed and stays, with what follows it,
    // claimed by this page until its retry is due.
    expect(Object.values(h.queues())).toEqual([{ t: START + 6000, d: 0, q: [[b1, 'tok-b'], [b2, 'tok-b'], [a3, 'tok-a']] }]);
    h.advance(1000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.requests.map((r) => [r.batch.token, r.batch.events.map((e) => e.userId)])).toEqual([
      ['tok-a', ['ann', 'ann']],
      ['tok-b', ['bob', 'bob']],
      ['tok-b', ['bob', 'bob']],
      ['tok-a', ['ann']],
    ]);
  });

  it('splits requests at 60 KB counted in UTF-8 bytes, and drops an event too large for any request', async () => {
    const h = driveTransport(sink.url);
    // About 21 KB each: two fit in a request, three do not.
    const big = Array.from({ length: 5 }, () => trackEvent('ann', START, heavy(7, 1000)));
    for (const e of big) h.transport.send(e);
    const huge = trackEvent('ann', START, heavy(50, 1024));
    h.transport.send(huge);
    expect(h.warn).toHaveBeenCalledWith('dropped a track event larger than 60000 bytes');
    h.advance(5000);
    await eventually(() => expect(h.queues()).toEqual({}));
    expect(sink.ids()).toEqual([ids(big[0]!, big[1]!), ids(big[2]!, big[3]!), ids(big[4]!)]);
    for (const r of sink.requests) expect(r.bytes).toBeLessThanOrEqual(60_000);
  });
});
