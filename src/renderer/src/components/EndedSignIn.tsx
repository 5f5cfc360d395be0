import type { ReactNode } from 'react';
import type { MessageId } from '../../../shared/i18n/catalog-types.ts';
import { useTranslate } from '../i18n.ts';
import { type MarkTone, StatusMark } from './StatusMark.tsx';
import { ViewHeading } from './ViewHeading.tsx';

interface Ending {
  readonly tone: MarkTone;
  readonly title: MessageId;
  readonly explanation: MessageId;
  /** The words of the one button, which starts a new sign-in. */
  readonly startAgain: MessageId;
}

/** Each way a sign-in ends without a session, and what its screen shows. */
const endings = {
  denied: { tone: 'declined', title: 'denied.title', explanation: 'denied.explanation', startAgain: 'common.tryAgain' },
  expired: { tone: 'expired', title: 'expired.title', explanation: 'expired.explanation', startAgain: 'common.newCode' },
} as const satisfies Readonly<Record<string, Ending>>;

/** A sign-in that ended without a session (declined, or its code ran out): what happened, and a button to start again. */
export function EndedSignIn(props: {
  readonly ending: keyof typeof endings;
  readonly onStartAgain: () => void;
  /** What follows the button (the server's words behind Details). */
  readonly children?: ReactNode;
}) {
  const t = useTranslate();
  const { tone, title, explanation, startAgain } = endings[props.ending];
  return (
    <section className={`view ${props.ending}`}>
      <ViewHeading mark={<StatusMark tone={tone} />}>{t(title)}</ViewHeading>
      <p>{t(explanation)}</p>
      <button type="button" className="primary" onClick={props.onStartAgain}>
        {t(startAgain)}
      </button>
      {props.children}
    </section>
  );
}
