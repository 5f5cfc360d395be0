import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileRefreshLock } from '../../../src/core/vault/refresh-lock.ts';

async function lockPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'device-signin-lock-')), 'session.refresh.lock');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the refresh lock shared by processes', () => {
  it('lets one holder at a time do its work', async () => {
    const path = await lockPath();
    // Two locks on one file stand for two processes.
    const [first, second] = [createFileRefreshLock({ path }), createFileRefreshLock({ path })];
    const story: string[] = [];
    const work = (name: string) => async () => {
      story.push(`${name} in`);
      await pause(100);
      story.push(`${name} out`);
    };
    await Promise.all([first.hold(work('a')), second.hold(work('b'))]);
    // Either may win the race for the file; what matters is that the other waits its turn.
    const winner = story[0]?.split(' ')[0] ?? '';
    const waiter = winner === 'a' ? 'b' : 'a';
    expect(story).toEqual([`${winner} in`, `${winner} out`, `${waiter} in`, `${waiter} out`]);
  });

  it('takes over a lock left behind by a process that died mid-refresh', async () => {
    const path = await lockPath();
    await writeFile(path, '{"owner":"dead","pid":999999}');
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const result = await createFileRefreshLock({ path, staleMs: 30_000 }).hold(() => Promise.resolve('done'));
    expect(result).toBe('done');
  });

  it('waits for a live holder rather than taking its lock', async () => {
    const path = await lockPath();
    await writeFile(path, '{"owner":"alive"}');
    const lock = createFileRefreshLock({ path, staleMs: 30_000 });
    let ran = false;
    const held = lock.hold(() => Promise.resolve(void (ran = true)));
    await pause(300);
    expect(ran).toBe(false);
    expect(await readFile(path, 'utf8')).toContain('alive');
    await rm(path);
    await held;
    expect(ran).toBe(true);
  });

  it('releases the lock when the work fails', async () => {
    const path = await lockPath();
    const lock = createFileRefreshLock({ path });
    await expect(lock.hold(() => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(await lock.hold(() => Promise.resolve('again'))).toBe('again');
  });
});
