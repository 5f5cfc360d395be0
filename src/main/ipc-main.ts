/**
 * Typed wrappers over ipcMain and webContents.send, after GitHub Desktop's ipc-main.ts: channels
 * and payloads come from src/shared/ipc.ts, and every request is refused unless it comes from
 * the app's own page in the window's top frame.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventChannel, EventChannels, RequestChannel, RequestHandlers } from '../shared/ipc.ts';
import { isAppPage } from './trusted-sender.ts';

export function handle<C extends RequestChannel>(channel: C, appPageUrl: string, handler: RequestHandlers[C]): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
    if (!isAppPage(sender, appPageUrl)) {
      throw new Error(`Refused ${channel} from ${sender?.url ?? 'an unknown frame'}`);
    }
    return handler();
  });
}

export function registerRequestHandlers(handlers: RequestHandlers, appPageUrl: string): void {
  for (const channel of Object.keys(handlers) as RequestChannel[]) {
    handle(channel, appPageUrl, handlers[channel]);
  }
}

export function send<C extends EventChannel>(contents: WebContents, channel: C, ...args: Parameters<EventChannels[C]>): void {
  if (!contents.isDestroyed()) contents.send(channel, ...args);
}
