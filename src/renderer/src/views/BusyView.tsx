import { ViewHeading } from '../components/ViewHeading.tsx';
import { useTranslate } from '../i18n.ts';

/** A short wait with nothing to decide: getting a code, opening a saved sign-in, or signing out. */
export function BusyView({ title, onCancel }: { readonly title: string; readonly onCancel?: () => void }) {
  const t = useTranslate();
  return (
    <section className="view busy" aria-busy="true">
      <ViewHeading>{title}</ViewHeading>
      <span className="spinner" aria-hidden="true" />
      {onCancel === undefined ? null : (
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </section>
  );
}
