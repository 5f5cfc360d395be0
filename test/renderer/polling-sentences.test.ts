import { describe, expect, it } from 'vitest';
import type { FlowState, Retrying } from '../../src/shared/flow-state.ts';
import { pollingSentence } from '../../src/renderer/src/polling-sentences.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

const waiting: Awaiting = {
  status: 'awaiting_user',
  userCode: 'WDJB-MJHT',
  verificationUri: 'https://login.example.com/device',
  expiresAt: 600_000,
  interval: 5,
  slowedDown: false,
};

describe('the line under the code while the app waits', () => {
  it('asks the user to approve on the phone', () => {
    expect(pollingSentence(waiting)).toBe('Waiting for you to approve on your phone…');
  });

  it('says the server asked to check less often, and how often now', () => {
    expect(pollingSentence({ ...waiting, interval: 10, slowedDown: true })).toBe(
      'Waiting for approval. The server asked us to check less often (every 10 seconds).',
    );
  });

  it('says what went wrong while retrying, one sentence per reason, which wins over slowing down', () => {
    const reasons: readonly Retrying['reason'][] = ['network', 'timeout', 'server_error', 'rate_limited'];
    const sentences = reasons.map((reason) =>
      pollingSentence({ ...waiting, slowedDown: true, retrying: { reason, attempt: 2, nextAttemptAt: 1_000 } }),
    );
    expect(new Set(sentences).size).toBe(reasons.length);
    for (const sentence of sentences) expect(sentence).toMatch(/Retrying automatically\.$/);
  });
});
