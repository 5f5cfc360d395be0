import { describe, expect, it } from 'vitest';
import type { FlowState, Retrying } from '../../src/shared/flow-state.ts';
import { pollingReason as reasonIn, pollingSentence as sentenceIn } from '../../src/renderer/src/polling-sentences.ts';
import { translateIn } from '../support/catalogs.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

const t = translateIn('en');
const pollingSentence = (state: Awaiting): string => sentenceIn(t, state);
const pollingReason = (state: Awaiting): string | undefined => reasonIn(t, state);

const waiting: Awaiting = {
  status: 'awaiting_user',
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://login.example.com/device',
  expiresAt: 600_000,
  interval: 5,
  slowedDown: false,
};

describe('the line under the code while the app waits', () => {
  it('says it waits for approval, on the phone or in the browser alike, with nothing behind Details', () => {
    expect(pollingSentence(waiting)).toBe('Waiting for your approval…');
    expect(pollingReason(waiting)).toBeUndefined();
  });

  it('says it is still waiting when the server asked to check less often, and how often behind Details', () => {
    const slowed = { ...waiting, interval: 10, slowedDown: true };
    expect(pollingSentence(slowed)).toBe('Still waiting for approval…');
    expect(pollingReason(slowed)).toBe('The server asked us to check less often (every 10 seconds).');
    expect(reasonIn(translateIn('de'), { ...slowed, interval: 1 })).toBe('Der Server bat darum, seltener nachzufragen (alle 1 Sekunde).');
  });

  it('says "Reconnecting…" while retrying, which wins over slowing down, with one reason per cause behind Details', () => {
    const reasons: readonly Retrying['reason'][] = ['network', 'timeout', 'server_error', 'rate_limited'];
    const states = reasons.map((reason) => ({ ...waiting, slowedDown: true, retrying: { reason, attempt: 2, nextAttemptAt: 1_000 } }));
    for (const state of states) expect(pollingSentence(state)).toBe('Reconnecting…');
    const details = states.map(pollingReason);
    expect(new Set(details).size).toBe(reasons.length);
    for (const detail of details) expect(detail).toMatch(/^[A-Z].+ Retrying automatically\.$/);
  });
});
