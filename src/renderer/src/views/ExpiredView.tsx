import { StatusMark } from '../components/StatusMark.tsx';
import { ViewHeading } from '../components/ViewHeading.tsx';

export function ExpiredView({ onNewCode }: { readonly onNewCode: () => void }) {
  return (
    <section className="view expired">
      <ViewHeading mark={<StatusMark tone="expired" />}>This code has expired</ViewHeading>
      <p>Codes only work for a few minutes. Get a new one and scan it again.</p>
      <button type="button" className="primary" onClick={onNewCode}>
        Get a new code
      </button>
    </section>
  );
}
