import { StatusMark } from '../components/StatusMark.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';
import { useTranslate } from '../i18n.ts';

export function ExpiredView({ onNewCode }: { readonly onNewCode: () => void }) {
  const t = useTranslate();
  return (
    <section className="view expired">
      <ViewHeading mark={<StatusMark tone="expired" />}>{t('expired.title')}</ViewHeading>
      <p>{t('expired.explanation')}</p>
      <button type="button" className="primary" onClick={onNewCode}>
        {t('common.newCode')}
      </button>
    </section>
  );
}
