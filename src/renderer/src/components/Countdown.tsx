import { secondsUntil, timeLeft } from '../format.ts';

/**
 * Time left on the code, in minutes until the last two, and in the last minute a way to a fresh
 * code right beside it. Not a live region: a ticking clock read aloud every second would drown
 * out everything else; the expired screen is announced when it comes.
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
  const left = secondsUntil(expiresAt, now);
  return (
    <div className={left <= 60 ? 'countdown ending' : 'countdown'}>
      <p>
        {left > 0 ? (
          <>
            Code expires in <span className="countdown-time">{timeLeft(left)}</span>
          </>
        ) : (
          'This code has expired.'
        )}
      </p>
      {left <= 60 ? (
        <button type="button" className="secondary small" onClick={onNewCode}>
          Get a new code
        </button>
      ) : null}
    </div>
  );
}
