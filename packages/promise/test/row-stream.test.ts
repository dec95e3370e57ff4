/**
 * RowStream with a scripted source: rows in order, bounded buffering (the source is
 * paused past the high-water mark and resumed below the low one), errors thrown from
 * the loop, `break` cancelling the source, meta after the last row, one iteration only,
 * and no unhandled rejection from an ignored `meta`.
 */
import { ArgumentError, CouchbaseError } from '@couchts/core';
import { RowStream, type RowSink } from '../src/rows/row-stream';

function scripted(options?: { highWaterMark?: number; lowWaterMark?: number }) {
  let sink!: RowSink<number, string>;
  const calls: string[] = [];
  const stream = new RowStream<number, string>((s) => {
    sink = s;
    return { pause: () => calls.push('pause'), resume: () => calls.push('resume'), cancel: () => calls.push('cancel') };
  }, options);
  return { stream, sink: () => sink, calls };
}

describe('RowStream', () => {
  test('rows come out in order; meta resolves after the last row', async () => {
    const { stream, sink } = scripted();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const row of stream) seen.push(row);
    })();
    sink().rows([1, 2]);
    await new Promise((r) => setImmediate(r));
    sink().rows([3]);
    sink().end(undefined, 'meta!');
    await loop;
    expect(seen).toEqual([1, 2, 3]);
    await expect(stream.meta).resolves.toBe('meta!');
  });

  test('the buffer is bounded: pause past the high-water mark, resume below the low one', async () => {
    const { stream, sink, calls } = scripted({ highWaterMark: 10, lowWaterMark: 3 });
    sink().rows(Array.from({ length: 25 }, (_, i) => i));
    expect(calls).toEqual(['pause']);
    expect(stream.buffered).toBe(25);
    const it = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 21; i++) await it.next();
    expect(calls).toEqual(['pause']);
    await it.next();
    expect(stream.buffered).toBe(3);
    expect(calls).toEqual(['pause', 'resume']);
  });

  test('an error is thrown from the loop after the rows before it', async () => {
    const { stream, sink } = scripted();
    sink().rows([1]);
    sink().end(new CouchbaseError('boom'), undefined);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const row of stream) seen.push(row);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
    await expect(stream.meta).rejects.toThrow('boom');
  });

  test('break cancels the source', async () => {
    const { stream, sink, calls } = scripted();
    sink().rows([1, 2, 3]);
    for await (const row of stream) if (row === 2) break;
    expect(calls).toContain('cancel');
  });

  test('a second iteration is an error', async () => {
    const { stream, sink } = scripted();
    sink().end(undefined, 'm');
    for await (const _ of stream) void _;
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ArgumentError);
  });

  test('a source that throws at start fails the stream', async () => {
    const stream = new RowStream<number, string>(() => {
      throw new ArgumentError('bad query');
    });
    await expect(stream.toArray()).rejects.toBeInstanceOf(ArgumentError);
    await expect(stream.meta).rejects.toBeInstanceOf(ArgumentError);
  });

  test('an ignored failing meta is not an unhandled rejection', async () => {
    const seen: unknown[] = [];
    const onUnhandled = (r: unknown): void => void seen.push(r);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { sink } = scripted();
      sink().end(new CouchbaseError('ignored'), undefined);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
