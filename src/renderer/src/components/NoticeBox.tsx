import type { ReactNode } from 'react';
import { useTranslate } from '../i18n.ts';

/**
 * A note to the person, or, for what bears on their security (a session the provider did not
 * end, a sign-in kept where nothing protects it), a warning: its own colours and an icon whose
 * name says "Warning" to a screen reader, so it never reads as routine.
 */
export function NoticeBox(props: {
  readonly warning: boolean;
  readonly children: ReactNode;
  readonly code?: string;
  readonly testId?: string;
}) {
  const t = useTranslate();
  return (
    <p
      className={props.warning ? 'notice warning' : 'notice'}
      data-notice={props.code}
      data-testid={props.testId}
      data-tone={props.warning ? 'warning' : 'note'}
    >
      {props.warning ? (
        <svg className="notice-icon" role="img" aria-label={t('notice.warning')} viewBox="0 0 24 24" width="18" height="18">
          <path d="M12 3.5 2.5 20h19z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          <path d="M12 10v4.5M12 17.2v.3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      ) : null}
      <span>{props.children}</span>
    </p>
  );
}
