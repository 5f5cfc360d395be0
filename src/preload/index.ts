/**
 * The only bridge between the sandboxed page and main: one object, `window.deviceSignIn`, built
 * from the fixed method-to-channel map in src/shared/ipc.ts, a method per request. The page never
 * sees ipcRenderer. A method forwards no argument, except the account id of the requests that take
 * one (`requestArgumentOf`), and that only when it is a string; main checks it against its list.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  accountsChannel,
  type DeviceSignInApi,
  type EventChannel,
  type EventChannels,
  type RequestMethod,
  requestChannelOf,
  stateChannel,
  takesArgument,
} from '../shared/ipc.ts';
import { localeFromArguments } from '../shared/i18n/window-locale.ts';

function request(method: RequestMethod): (argument?: unknown) => Promise<unknown> {
  const channel = requestChannelOf[method];
  if (!takesArgument(method)) return () => ipcRenderer.invoke(channel);
  return (argument) => (typeof argument === 'string' ? ipcRenderer.invoke(channel, argument) : ipcRenderer.invoke(channel));
}

/** Calls `listener` with what main sends on `channel`, until the returned function is called. */
function subscribe<C extends EventChannel>(channel: C, listener: (value: Parameters<EventChannels[C]>[0]) => void): () => void {
  const forward = (_event: IpcRendererEvent, value: Parameters<EventChannels[C]>[0]): void => {
    listener(value);
  };
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const requests = Object.fromEntries(
  (Object.keys(requestChannelOf) as RequestMethod[]).map((method) => [method, request(method)]),
) as unknown as Pick<DeviceSignInApi, RequestMethod>;

const locale = localeFromArguments(process.argv);

const api: DeviceSignInApi = {
  ...requests,
  ...(locale === undefined ? {} : { locale }),
  onState: (listener) => subscribe(stateChannel, listener),
  onAccounts: (listener) => subscribe(accountsChannel, listener),
};

contextBridge.exposeInMainWorld('deviceSignIn', api);
