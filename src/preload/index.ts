/**
 * The only bridge between the sandboxed page and main: one object, `window.deviceSignIn`, built
 * from the fixed method-to-channel map in src/shared/ipc.ts. The page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FlowState } from '../shared/flow-state.ts';
import {
  type DeviceSignInApi,
  type RequestChannel,
  type RequestResult,
  requestChannelOf,
  stateChannel,
} from '../shared/ipc.ts';
import { localeFromArguments } from '../shared/i18n/window-locale.ts';

function invoker<C extends RequestChannel>(channel: C): () => Promise<RequestResult<C>> {
  // Arguments are deliberately never forwarded: no request takes any.
  return () => ipcRenderer.invoke(channel) as Promise<RequestResult<C>>;
}

const locale = localeFromArguments(process.argv);

const api: DeviceSignInApi = {
  ...(locale === undefined ? {} : { locale }),
  start: invoker(requestChannelOf.start),
  startSessionOnly: invoker(requestChannelOf.startSessionOnly),
  cancel: invoker(requestChannelOf.cancel),
  signOut: invoker(requestChannelOf.signOut),
  copyCode: invoker(requestChannelOf.copyCode),
  copyDetails: invoker(requestChannelOf.copyDetails),
  openVerificationPage: invoker(requestChannelOf.openVerificationPage),
  getState: invoker(requestChannelOf.getState),
  getEnvironment: invoker(requestChannelOf.getEnvironment),
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
