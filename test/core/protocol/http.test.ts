import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { boundedFetch, NetworkError } from '../../../src/core/protocol/http.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

describe('every request is bounded', () => {
  it('refuses an answer larger than the limit, declared or not', async () => {
    const clock = new VirtualClock();
    const big = 'x'.repeat(2048);
    const undeclared = boundedFetch({
      clock,
      maxResponseBytes: 1024,
      fetch: () => Promise.resolve(new Response(new Blob([big]).stream())),
    });
    await expect(clock.run(undeclared('https://op.example.test/', {}))).rejects.toMatchObject({ code: 'invalid_response' });
    const declared = boundedFetch({
      clock,
      maxResponseBytes: 1024,
      fetch: () => Promise.resolve(new Response(big, { headers: { 'content-length': '2048' } })),
    });
    await expect(clock.run(declared('https://op.example.test/', {}))).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('hands back a small answer intact', async () => {
    const clock = new VirtualClock();
    const fetch = boundedFetch({ clock, fetch: () => Promise.resolve(Response.json({ ok: true }, { status: 201 })) });
    const response = await clock.run(fetch('https://op.example.test/', {}));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('gives up on a server that never answers', async () => {
    const clock = new VirtualClock();
    const fetch = boundedFetch({
      clock,
      timeoutMs: 10_000,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => {
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    });
    const started = clock.now();
    const error = await clock.run(fetch('https://op.example.test/', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'network', reason: 'timeout' });
    expect(clock.now() - started).toBe(10_000);
  });

  it('turns a connection failure into a network error and the caller abort into a cancellation', async () => {
    const clock = new VirtualClock();
    const failing = boundedFetch({ clock, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(clock.run(failing('https://op.example.test/', {}))).rejects.toMatchObject({ code: 'network', reason: 'connection' });
    const controller = new AbortController();
    controller.abort();
    await expect(clock.run(failing('https://op.example.test/', { signal: controller.signal }))).rejects.toBeInstanceOf(CancelledError);
  });
});
