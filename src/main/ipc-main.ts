/**
 * Typed wrappers over ipcMain and webContents.send, after GitHub Desktop's ipc-main.ts: channels
 * and payloads come from src/shared/ipc.ts, and every request is refused unless it comes from
 * the app's own page in the window's top frame. What a request carries goes to its handler as
 * `unknown`, for it to check (an account id: src/main/window-accounts.ts). What main pushes (the
 * state, the accounts) goes to the window's page only.
 */
import { type BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  accountsChannel,
  answerRequest,
  type EventChannel,
  type EventChannels,
  type RequestChannel,
  type RequestHandlers,
  stateChannel,
} from '../shared/ipc.ts';
import { publicState } from './public-state.ts';
import type { WindowFlow } from './request-handlers.ts';
import { isAppPage } from './trusted-sender.ts';
import { createWindowAccounts, type WindowAccounts } from './window-accounts.ts';

/** Answers `channel` with its handler among `handlers`, for the app page only. */
export function handle(channel: RequestChannel, appPageUrl: string, handlers: RequestHandlers): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const frame = event.senderFrame;
    const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
    if (!isAppPage(sender, appPageUrl)) {
      throw new Error(`Refused ${channel} from ${sender?.url ?? 'an unknown frame'}`);
    }
    return answerRequest(handlers, channel, args);
  });
}

export function registerRequestHandlers(handlers: RequestHandlers, appPageUrl: string): void {
  for (const channel of Object.keys(handlers) as RequestChannel[]) {
    handle(channel, appPageUrl, handlers);
  }
}

/** Sends to the window's page, when there is a window and neither it nor its page is closed. */
function sendToWindow<C extends EventChannel>(window: BrowserWindow | undefined, channel: C, ...args: Parameters<EventChannels[C]>): void {
  if (window !== undefined && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, ...args);
}

/**
 * Sends the window every change of state and, whenever the accounts can have changed, their new
 * list; returns the accounts by main's ids, for the requests that name one. `severalAccounts` is
 * false where the policy keeps one account at a time (`multipleAccounts`): the window then lists
 * none and offers to add none, since another sign-in would replace the one kept.
 */
export function pushChanges(flow: WindowFlow, window: () => BrowserWindow | undefined, severalAccounts: () => boolean): WindowAccounts {
  const accounts = createWindowAccounts(
    () => (severalAccounts() ? flow.accounts : undefined),
    (list) => {
      sendToWindow(window(), accountsChannel, list);
    },
  );
  flow.subscribe((state) => {
    sendToWindow(window(), stateChannel, publicState(state));
    accounts.follow(state);
  });
  return accounts;
}
