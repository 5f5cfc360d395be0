import { minutesAndSeconds, secondsUntil } from '../format.ts';
import { useNow } from '../use-now.ts';

/**
 * Time left on the code. Not a live region: a ticking clock read aloud every second would drown
 * out everything else; the expired screen is announced when it comes.
 */
export function Countdown({ expiresAt }: { readonly expiresAt: number }) {
  const left = secondsUntil(expiresAt, useNow());
  return (
    <p className={left <= 60 ? 'countdown ending' : 'countdown'}>
      {left > 0 ? (
        <>
          Code expires in <span className="countdown-time">{minutesAndSeconds(left)}</span>
        </>
      ) : (
        'Code expiring…'
      )}
    </p>
  );
}
