/// <reference types="vite/client" />
/** The one global the preload (or, outside Electron, the bridge script) gives the page. */
import type { DeviceSignInApi } from '../../shared/ipc.ts';

declare global {
  interface Window {
    readonly deviceSignIn: DeviceSignInApi;
  }
}
