import { useLingui } from '@lingui/react';
import { useEffect, useRef } from 'react';
import { useAnnounce } from '../announcer.tsx';
import { countdownMoment, secondsUntil } from '../format.ts';
import { useTranslate } from '../i18n.ts';
import { LeftToRight, Message } from './Message.tsx';

/** "01:45" the way the page's language writes a duration (Intl.DurationFormat, digital style). */
function digital(locale: string, totalSeconds: number): string {
  const format = new Intl.DurationFormat(locale, { style: 'digital', hoursDisplay: 'auto' });
  return format.format({ minutes: Math.floor(totalSeconds / 60), seconds: totalSeconds % 60 });
}

/**
 * Time left on the code: whole minutes while there is plenty, minutes and seconds in the last
 * two, and in the last minute a way to a fresh code right beside it, which becomes the screen's
 * main action once the code has run out. The clock itself is not a live region (read aloud every
 * second it would drown out everything else): the window's one live region hears only 2 minutes,
 * 30 seconds and expired.
 */
export function Countdown({
  expiresAt,
  now,
  onNewCode,
}: {
  readonly expiresAt: number;
  readonly now: number;
  readonly onNewCode: () => void;
}) {
  const t = useTranslate();
  const { i18n } = useLingui();
  const announce = useAnnounce();
  const left = secondsUntil(expiresAt, now);
  const moment = countdownMoment(left);
  // The moment the code was first shown in is not news; only crossing into a later one is said.
  const said = useRef(moment);
  useEffect(() => {
    if (moment === said.current) return;
    said.current = moment;
    if (moment === 'twoMinutes') announce(t('countdown.twoMinutes'));
    else if (moment === 'thirtySeconds') announce(t('countdown.thirtySeconds'));
    else if (moment === 'expired') announce(t('countdown.expired'));
  }, [announce, moment, t]);
  return (
    <div className={left <= 60 ? 'countdown ending' : 'countdown'}>
      <p>
        {left > 120 ? (
          t('countdown.minutes', { minutes: Math.ceil(left / 60), expiresAt })
        ) : left > 0 ? (
          <Message
            id="countdown.seconds"
            values={{ time: <LeftToRight className="countdown-time">{digital(i18n.locale, left)}</LeftToRight> }}
          />
        ) : (
          t('countdown.expired')
        )}
      </p>
      {/* In the last minute a quiet way to a fresh code; once this one has run out, the way on. */}
      {left <= 60 ? (
        <button type="button" className={left > 0 ? 'secondary small' : 'primary'} onClick={onNewCode}>
          {t('common.newCode')}
        </button>
      ) : null}
    </div>
  );
}
