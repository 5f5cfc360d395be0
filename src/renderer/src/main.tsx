import { I18nProvider } from '@lingui/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyDocumentLocale, chooseLocale } from '../../shared/i18n/locales.ts';
import { knownLocale } from '../../shared/i18n/window-locale.ts';
import { App } from './App.tsx';
import { loadI18n } from './i18n.ts';
import { askMain } from './use-flow-state.ts';
import './styles/base.css';
import './styles/frame.css';
import './styles/code-screen.css';
import './styles/code-status.css';
import './styles/outcomes.css';

const root = document.getElementById('root');
if (root === null) throw new Error('The page has no #root element.');

// Main's choice (the OS's languages and the policy); a page outside Electron asks the browser.
const locale = knownLocale(window.deviceSignIn.locale) ?? chooseLocale(navigator.languages);
applyDocumentLocale(document.documentElement, locale);

// Main is asked at once, while the catalog loads: the first screen waits for the slower of the two, not for both in turn.
const facts = askMain(window.deviceSignIn);
void loadI18n(locale).then((i18n) => {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <App api={window.deviceSignIn} facts={facts} />
      </I18nProvider>
    </StrictMode>,
  );
});
