/**
 * The window's views mounted one at a time in a plain page, with the real React, the real
 * catalogs and the real components, for the renderer's unit tests (test/renderer/views): a test
 * names a view and its props; every callback prop is a recorder that notes its name in
 * `window.viewCalls` and answers what the test set. Browser code, built by test/support/view-harness.ts.
 */
import { I18nProvider } from '@lingui/react';
import { type ComponentType, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { AppEnvironment } from '../../../src/shared/ipc.ts';
import { Announcer } from '../../../src/renderer/src/announcer.tsx';
import { EnvironmentContext, unknownEnvironment } from '../../../src/renderer/src/environment-context.ts';
import { loadI18n } from '../../../src/renderer/src/i18n.ts';
import { AwaitingUserView } from '../../../src/renderer/src/views/AwaitingUserView.tsx';
import { BusyView } from '../../../src/renderer/src/views/BusyView.tsx';
import { DeniedView } from '../../../src/renderer/src/views/DeniedView.tsx';
import { ErrorView } from '../../../src/renderer/src/views/ErrorView.tsx';
import { ExpiredView } from '../../../src/renderer/src/views/ExpiredView.tsx';
import { IdleView } from '../../../src/renderer/src/views/IdleView.tsx';
import { ReportView } from '../../../src/renderer/src/views/ReportView.tsx';
import { SignedInView } from '../../../src/renderer/src/views/SignedInView.tsx';
import { KeptAccounts } from '../../../src/renderer/src/components/KeptAccounts.tsx';
import '../../../src/renderer/src/styles/base.css';
import '../../../src/renderer/src/styles/frame.css';
import '../../../src/renderer/src/styles/code-screen.css';
import '../../../src/renderer/src/styles/code-status.css';
import '../../../src/renderer/src/styles/outcomes.css';

// Each view takes its own props; the test names them, so here they are a plain record.
const views = {
  AwaitingUserView,
  BusyView,
  DeniedView,
  ErrorView,
  ExpiredView,
  IdleView,
  ReportView,
  SignedInView,
  KeptAccounts,
} as unknown as Readonly<Record<string, ComponentType<Record<string, unknown>>>>;

export interface ViewRequest {
  readonly view: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** Callback props, by name, with what each answers (a promise of it). */
  readonly actions: Readonly<Record<string, unknown>>;
  readonly environment?: AppEnvironment;
}

const calls: string[] = [];
/** The same calls, each with what the view passed (an account id, for one). */
const callArguments: unknown[][] = [];
let root: Root | undefined;
const i18n = await loadI18n('en');

function mount(request: ViewRequest): void {
  const View = views[request.view];
  if (View === undefined) throw new Error(`No view named ${request.view}`);
  const actions = Object.fromEntries(
    Object.entries(request.actions).map(([name, answer]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        callArguments.push([name, ...args]);
        return Promise.resolve(answer);
      },
    ]),
  );
  root?.unmount();
  const container = document.getElementById('root') ?? document.body.appendChild(
    Object.assign(document.createElement('div'), { id: 'root' }),
  );
  root = createRoot(container);
  const props: Record<string, unknown> = { ...request.props, ...actions };
  root.render(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <EnvironmentContext value={request.environment ?? unknownEnvironment}>
          <Announcer>
            <View {...props} />
          </Announcer>
        </EnvironmentContext>
      </I18nProvider>
    </StrictMode>,
  );
}

Object.assign(window, { mountView: mount, viewCalls: calls, viewCallArguments: callArguments });
