/**
 * The only bridge between the sandboxed page and main: one object, `window.deviceSignIn`, built
 * from the fixed method-to-channel map in src/shared/ipc.ts, a method per request. The page never
 * sees ipcRenderer, and no method forwards an argument: no request takes any.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FlowState } from '../shared/flow-state.ts';
import { type DeviceSignInApi, type RequestMethod, requestChannelOf, stateChannel } from '../shared/ipc.ts';
import { localeFromArguments } from '../shared/i18n/window-locale.ts';

const requests = Object.fromEntries(
  (Object.keys(requestChannelOf) as RequestMethod[]).map((method) => [method, () => ipcRenderer.invoke(requestChannelOf[method])]),
) as unknown as Pick<DeviceSignInApi, RequestMethod>;

const locale = localeFromArguments(process.argv);

const api: DeviceSignInApi = {
  ...requests,
  ...(locale === undefined ? {} : { locale }),
  onState(listener) {
    const forward = (_event: IpcRendererEvent, state: FlowState): void => {
      listener(state);
    };
    ipcRenderer.on(stateChannel, forward);
    return () => {
      ipcRenderer.removeListener(stateChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('deviceSignIn', api);
