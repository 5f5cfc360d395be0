import { useEffect, useRef } from 'react';
import type { FlowState } from '../../../shared/flow-state.ts';
import { useAnnounce } from '../announcer.tsx';
import { secondsUntil } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { pollingReason, pollingSentence } from '../polling-sentences.ts';
import { useNow } from '../use-now.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/**
 * The status line: a few plain words, the technical reason behind Details. Its box keeps one
 * height at every tone, so that switching between waiting, slowed down and retrying never moves
 * the code or the QR. A change of the sentence is said through the window's live region; the
 * first one is not (the screen's heading has just been read).
 */
export function PollingStatus({ state }: { readonly state: Awaiting }) {
  const now = useNow();
  const t = useTranslate();
  const announce = useAnnounce();
  const tone = state.retrying === undefined ? (state.slowedDown ? 'slow' : 'waiting') : 'retrying';
  const sentence = pollingSentence(t, state);
  const reason = pollingReason(t, state);
  const said = useRef(sentence);
  useEffect(() => {
    if (sentence === said.current) return;
    said.current = sentence;
    announce(sentence);
  }, [announce, sentence]);
  return (
    <div className={`polling-status ${tone}`} data-tone={tone}>
      <span className="status-icon" aria-hidden="true" />
      <span className="status-sentence">{sentence}</span>
      {reason === undefined ? null : (
        <details className="status-details">
          <summary>{t('common.details')}</summary>
          <p>
            {reason}
            {state.retrying === undefined ? null : (
              <span className="retry-in">
                {' '}
                {t('polling.nextTry', { seconds: secondsUntil(state.retrying.nextAttemptAt, now), attempt: state.retrying.attempt })}
              </span>
            )}
          </p>
        </details>
      )}
    </div>
  );
}
