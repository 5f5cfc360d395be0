import type { WindowAccount } from '../../../shared/ipc.ts';
import { useTranslate } from '../i18n.ts';
import { Message } from './Message.tsx';
import { accountLabel } from './OtherAccounts.tsx';

/** "Sign out Grace Hopper?": the sign-out dialog's question about one account of several. */
export function AccountSignOutTitle({ account }: { readonly account: WindowAccount }) {
  const t = useTranslate();
  return <Message id="accounts.signOutTitle" values={{ account: <bdi>{accountLabel(t, account)}</bdi> }} />;
}
