import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import type { FlowState } from '../../shared/flow-state.ts';
import type { DeviceSignInApi, WindowAccount } from '../../shared/ipc.ts';
import { isolated, type Translate } from '../../shared/i18n/translate.ts';
import { Announcer, useAnnounce } from './announcer.tsx';
import { DemoNotice } from './components/DemoNotice.tsx';
import { ProviderFooter } from './components/ProviderFooter.tsx';
import { EnvironmentContext, unknownEnvironment } from './environment-context.ts';
import { errorClasses } from './error-messages.ts';
import { useTranslate } from './i18n.ts';
import { useAccounts, useEnvironment, useFlowState, type WindowFacts } from './use-flow-state.ts';
import { AwaitingUserView } from './views/AwaitingUserView.tsx';
import { BusyView } from './views/BusyView.tsx';
import { DeniedView } from './views/DeniedView.tsx';
import { ErrorView } from './views/ErrorView.tsx';
import { ExpiredView } from './views/ExpiredView.tsx';
import { IdleView } from './views/IdleView.tsx';
import { SignedInView } from './views/SignedInView.tsx';

/** The accounts kept beside the signed-in one, loaded with their words only where there are any (the first screen's budget). */
const KeptAccounts = lazy(() => import('./components/KeptAccounts.tsx').then((module) => ({ default: module.KeptAccounts })));
/** Who stays signed in while another account is added, from the same chunk. */
const StaysSignedIn = lazy(() => import('./components/KeptAccounts.tsx').then((module) => ({ default: module.StaysSignedIn })));
/** "Check this computer", loaded with its words only when asked for (the window's first screen stays within its budget). */
const ReportView = lazy(() => import('./views/ReportView.tsx').then((module) => ({ default: module.ReportView })));

/** The sign-in window: one screen per flow status, and the demo notice when it applies. */
export function App({ api, facts }: { readonly api: DeviceSignInApi; readonly facts: WindowFacts }) {
  const state = useFlowState(facts);
  const environment = useEnvironment(facts);
  const accounts = useAccounts(facts);
  return (
    <EnvironmentContext value={environment ?? unknownEnvironment}>
      <Announcer>
        {environment?.demo === true ? <DemoNotice issuer={environment.issuer} /> : null}
        <main data-status={state?.status ?? 'loading'}>
          {state === undefined ? null : <CurrentView key={state.status} state={state} api={api} accounts={accounts} />}
        </main>
        <OutcomeAnnouncement state={state} />
        {environment === undefined ? null : (
          <ProviderFooter status={state?.status} helpInView={state?.status === 'error' && errorClasses[state.code] === 'admin'} />
        )}
      </Announcer>
    </EnvironmentContext>
  );
}

/** What the current screen is drawn from: the state, main's requests, and the kept accounts. */
interface ViewProps {
  readonly state: FlowState;
  readonly api: DeviceSignInApi;
  readonly accounts: readonly WindowAccount[];
}

function CurrentView({ state, api, accounts }: ViewProps) {
  const t = useTranslate();
  // Over the screen it was opened from, until "Back" or the next state.
  const [checking, setChecking] = useState(false);
  const checkComputer = useCallback(() => api.checkComputer(), [api]);
  const openCheck = (): void => {
    setChecking(true);
  };
  if (checking) {
    const back = (): void => {
      setChecking(false);
    };
    return (
      <Suspense fallback={<BusyView title={t('busy.checkingComputer')} />}>
        <ReportView onCheck={checkComputer} onCopy={() => api.copyReport()} onBack={back} />
      </Suspense>
    );
  }
  const start = (): void => {
    void api.start();
  };
  const startSessionOnly = (): void => {
    void api.startSessionOnly();
  };
  const cancel = (): void => {
    void api.cancel();
  };
  switch (state.status) {
    case 'idle':
      return <IdleView notice={state.notice} onSignIn={start} onSignInSessionOnly={startSessionOnly} />;
    case 'restoring':
      return <BusyView title={t('busy.restoring')} />;
    case 'requesting':
      return <BusyView title={t('busy.requesting')} onCancel={cancel} />;
    case 'signing_out':
      return <BusyView title={t('busy.signingOut')} />;
    case 'awaiting_user':
      return (
        <AwaitingUserView
          state={state}
          onCopy={() => api.copyCode()}
          onOpen={() => api.openVerificationPage()}
          onCancel={cancel}
          onNewCode={start}
        >
          {staysSignedIn(accounts)}
        </AwaitingUserView>
      );
    case 'signed_in':
      return (
        <SignedInView
          profile={state.profile}
          persistence={state.persistence}
          deviceBound={state.deviceBound}
          onDone={() => void api.closeWindow()}
          onSignOut={() => void api.signOut()}
          onCheckComputer={openCheck}
        >
          {keptAccounts(accounts, api)}
        </SignedInView>
      );
    case 'expired':
      return <ExpiredView onNewCode={start} />;
    case 'denied':
      return <DeniedView description={state.description} onRetry={start} />;
    case 'error':
      return (
        <ErrorView
          state={state}
          onRetry={start}
          onSignInSessionOnly={startSessionOnly}
          onCopyDetails={() => api.copyDetails()}
          onCheckComputer={openCheck}
        />
      );
  }
}

/** On a code that adds an account, who stays signed in meanwhile; nothing on a first sign-in. */
function staysSignedIn(accounts: readonly WindowAccount[]): ReactNode {
  const current = accounts.find((account) => account.current);
  return current === undefined ? null : (
    <Suspense>
      <StaysSignedIn account={current} />
    </Suspense>
  );
}

/** The accounts kept beside the signed-in one, each to use or sign out by main's id; none where there are none. */
function keptAccounts(accounts: readonly WindowAccount[], api: DeviceSignInApi): ReactNode {
  return accounts.length === 0 ? null : (
    <Suspense>
      <KeptAccounts
        accounts={accounts}
        onUseAccount={api.switchAccount}
        onSignOutAccount={api.signOutAccount}
        onAddAccount={api.addAccount}
      />
    </Suspense>
  );
}

/** Says the outcome of a sign-in once, when the state changes to it. */
function OutcomeAnnouncement({ state }: { readonly state: FlowState | undefined }) {
  const announce = useAnnounce();
  const t = useTranslate();
  const words = state === undefined ? '' : announcementFor(t, state);
  useEffect(() => {
    if (words !== '') announce(words);
  }, [announce, words]);
  return null;
}

/** The outcome of a sign-in said once, politely, for screen readers; the screens say the rest. */
function announcementFor(t: Translate, state: FlowState): string {
  switch (state.status) {
    case 'signed_in': {
      const name = state.profile.name ?? state.profile.email;
      return name === undefined ? t('announce.signedInAccount') : t('announce.signedIn', { name: isolated(name) });
    }
    case 'expired':
      return t('announce.expired');
    case 'denied':
      return t('announce.denied');
    case 'error':
      return t('announce.error');
    case 'idle':
      return state.notice === undefined ? '' : t('announce.signedOut');
    case 'restoring':
    case 'requesting':
    case 'awaiting_user':
    case 'signing_out':
      return '';
  }
}
