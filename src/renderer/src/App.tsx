import type { FlowState } from '../../shared/flow-state.ts';
import type { AppEnvironment, DeviceSignInApi } from '../../shared/ipc.ts';
import { isLoopbackUrl } from '../../shared/loopback.ts';
import { hostOf } from './format.ts';
import { useEnvironment, useFlowState } from './use-flow-state.ts';
import { AwaitingUserView } from './views/AwaitingUserView.tsx';
import { BusyView } from './views/BusyView.tsx';
import { DeniedView } from './views/DeniedView.tsx';
import { ErrorView } from './views/ErrorView.tsx';
import { ExpiredView } from './views/ExpiredView.tsx';
import { IdleView } from './views/IdleView.tsx';
import { SignedInView } from './views/SignedInView.tsx';

/** The sign-in window: one screen per flow status, and the demo notice when it applies. */
export function App({ api }: { readonly api: DeviceSignInApi }) {
  const state = useFlowState(api);
  const environment = useEnvironment(api);
  return (
    <>
      {environment?.demo === true ? <DemoNotice loopbackOnly={isLoopbackUrl(environment.issuer)} /> : null}
      <main data-status={state?.status ?? 'loading'}>
        {state === undefined ? null : <CurrentView key={state.status} state={state} api={api} />}
      </main>
      <p className="sr-only" role="status">
        {state === undefined ? '' : announcementFor(state)}
      </p>
      {environment === undefined || environment.issuer === '' ? null : <ProviderLine environment={environment} />}
    </>
  );
}

function CurrentView({ state, api }: { readonly state: FlowState; readonly api: DeviceSignInApi }) {
  const start = (): void => {
    void api.start();
  };
  const startSessionOnly = (): void => {
    void api.startSessionOnly();
  };
  switch (state.status) {
    case 'idle':
      return <IdleView notice={state.notice} onSignIn={start} onSignInSessionOnly={startSessionOnly} />;
    case 'restoring':
      return <BusyView title="Opening your saved sign-in…" />;
    case 'requesting':
      return <BusyView title="Getting a code…" onCancel={() => void api.cancel()} />;
    case 'signing_out':
      return <BusyView title="Signing out…" />;
    case 'awaiting_user':
      return (
        <AwaitingUserView
          state={state}
          onCopy={() => api.copyCode()}
          onOpen={() => void api.openVerificationPage()}
          onCancel={() => void api.cancel()}
        />
      );
    case 'signed_in':
      return (
        <SignedInView profile={state.profile} persistence={state.persistence} onSignOut={() => void api.signOut()} />
      );
    case 'expired':
      return <ExpiredView onNewCode={start} />;
    case 'denied':
      return <DeniedView description={state.description} onRetry={start} />;
    case 'error':
      return <ErrorView state={state} onRetry={start} onSignInSessionOnly={startSessionOnly} />;
  }
}

/** The outcome of a sign-in said once, politely, for screen readers; the screens say the rest. */
function announcementFor(state: FlowState): string {
  switch (state.status) {
    case 'signed_in':
      return `Signed in as ${state.profile.name ?? state.profile.email ?? state.profile.sub}.`;
    case 'expired':
      return 'The code has expired.';
    case 'denied':
      return 'The sign-in was declined.';
    case 'error':
      return "Couldn't sign in.";
    case 'idle':
      return state.notice === undefined ? '' : 'Signed out.';
    case 'restoring':
    case 'requesting':
    case 'awaiting_user':
    case 'signing_out':
      return '';
  }
}

function DemoNotice({ loopbackOnly }: { readonly loopbackOnly: boolean }) {
  return (
    <header className="demo-notice">
      <strong>Demo.</strong> This window signs in to a test provider running inside the app. Any username and password
      work; a username starting with “hw-” signs in as hardware-verified.
      {loopbackOnly ? ' The QR code opens on this computer only: start the app with DEVICE_SIGNIN_DEMO_LAN=1 to scan it with a phone on the same Wi-Fi.' : null}
    </header>
  );
}

function ProviderLine({ environment }: { readonly environment: AppEnvironment }) {
  return (
    <footer className="provider-line">
      Signing in with <span className="provider-host">{hostOf(environment.issuer)}</span>
      {environment.managed.includes('issuer') ? <span className="managed"> · managed by your organization</span> : null}
    </footer>
  );
}
