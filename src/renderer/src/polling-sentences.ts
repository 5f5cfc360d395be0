import type { FlowState } from '../../shared/flow-state.ts';
import type { Translate } from '../../shared/i18n/translate.ts';

type Awaiting = Extract<FlowState, { status: 'awaiting_user' }>;

/** What the app is doing while it waits for approval, in plain words. */
export function pollingSentence(t: Translate, state: Awaiting): string {
  if (state.retrying !== undefined) return t('polling.reconnecting');
  if (state.slowedDown) return t('polling.stillWaiting');
  return t('polling.waiting');
}

/** The technical reason behind the status line, shown behind Details; none while all is well. */
export function pollingReason(t: Translate, state: Awaiting): string | undefined {
  if (state.retrying !== undefined) return t(`polling.retry.${state.retrying.reason}`);
  if (state.slowedDown) return t('polling.slowedDown', { seconds: state.interval });
  return undefined;
}
