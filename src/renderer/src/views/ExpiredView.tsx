import { EndedSignIn } from '../components/EndedSignIn.tsx';

/** A code that ran out before anyone approved it; "Get a new code" starts again. */
export function ExpiredView({ onNewCode }: { readonly onNewCode: () => void }) {
  return <EndedSignIn ending="expired" onStartAgain={onNewCode} />;
}
