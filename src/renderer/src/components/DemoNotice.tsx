import { isLoopbackUrl } from '../../../shared/loopback.ts';
import { useTranslate } from '../i18n.ts';
import { LeftToRight, Message } from './Message.tsx';

/**
 * One line saying this is the embedded demo, with the rest behind "More": a banner that pushes the
 * code off the screen would cost more than it tells.
 */
export function DemoNotice({ issuer }: { readonly issuer: string }) {
  const t = useTranslate();
  return (
    <header className="demo-notice">
      <details>
        <summary>
          <span className="demo-line">
            <Message id="demo.line" values={{ demo: <strong>{t('demo.label')}</strong> }} />
          </span>
          <span className="demo-more">{t('demo.more')}</span>
        </summary>
        <p>
          {t('demo.accounts')}
          {isLoopbackUrl(issuer) ? (
            <>
              {' '}
              <Message
                id="demo.loopback"
                values={{
                  variable: (
                    <code>
                      <LeftToRight>DEVICE_SIGNIN_DEMO_LAN=1</LeftToRight>
                    </code>
                  ),
                }}
              />
            </>
          ) : null}
        </p>
      </details>
    </header>
  );
}
