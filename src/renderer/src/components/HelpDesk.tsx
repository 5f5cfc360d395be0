import { useAppEnvironment } from '../environment-context.ts';
import { keepNumbersWhole } from '../format.ts';
import { useTranslate } from '../i18n.ts';

/** The organization's help desk, as the admin set it: an https page and a line of contact text. */
export function HelpDesk({ className }: { readonly className: string }) {
  const { support } = useAppEnvironment();
  const t = useTranslate();
  const url = support?.url?.startsWith('https://') === true ? support.url : undefined;
  const contact = support?.contact?.trim();
  if (url === undefined && (contact === undefined || contact === '')) return null;
  return (
    <p className={className} data-testid="help-desk">
      {url === undefined ? null : (
        <a href={url} target="_blank" rel="noreferrer">
          {t('help.link')}
        </a>
      )}
      {url !== undefined && contact !== undefined && contact !== '' ? ' · ' : null}
      {contact === undefined || contact === '' ? null : <bdi className="support-contact">{keepNumbersWhole(contact)}</bdi>}
    </p>
  );
}
