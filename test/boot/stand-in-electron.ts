/**
 * A recording stand-in for the `electron` module, for running the built main bundle under plain
 * Node (the Electron binary cannot run here). It offers what main calls, with Electron's
 * documented behaviour where main depends on it, and reports every call to the test through the
 * IPC channel of the forked process (`process.send`); the test asks it, the same way, to invoke a
 * registered IPC handler as the app's page would. `net.fetch` is Node's fetch, except that a
 * redirect asked for with `redirect: 'manual'` rejects with "Redirect was cancelled", as
 * Electron's ClientRequest does when no one follows it (lib/browser/api/net-client-request.ts).
 *
 * Set by the test: STAND_IN_PACKAGED=1 for app.isPackaged, STAND_IN_DIR for the app's folders.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

type Report = Record<string, unknown> & { readonly type: string };

function report(event: Report): void {
  process.send?.(event);
}

const folder = process.env['STAND_IN_DIR'] ?? '/nonexistent';

class StandInApp extends EventEmitter {
  readonly isPackaged = process.env['STAND_IN_PACKAGED'] === '1';
  readonly commandLine = { hasSwitch: (name: string) => process.argv.some((argument) => argument.startsWith(`--${name}`)) };
  #ready = false;
  getPath(name: string): string {
    return join(folder, name);
  }
  getAppPath(): string {
    return join(folder, 'app');
  }
  getVersion(): string {
    return '0.1.0';
  }
  getPreferredSystemLanguages(): string[] {
    return ['en-US'];
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  isReady(): boolean {
    return this.#ready;
  }
  whenReady(): Promise<void> {
    return new Promise((resolve) => {
      setImmediate(() => {
        this.#ready = true;
        report({ type: 'app.ready' });
        resolve();
      });
    });
  }
  setAppUserModelId(id: string): void {
    report({ type: 'app.setAppUserModelId', id });
  }
  quit(): void {
    report({ type: 'app.quit' });
  }
  exit(code = 0): void {
    report({ type: 'app.exit', code });
    // Let the report reach the test before the process ends.
    setTimeout(() => process.exit(code), 50);
  }
  override on(event: string, listener: (...args: unknown[]) => void): this {
    report({ type: 'app.on', event });
    return super.on(event, listener);
  }
}

const app = new StandInApp();
const windows: StandInWindow[] = [];

class StandInWindow extends EventEmitter {
  readonly webContents = {
    send: (channel: string, payload: unknown) => {
      report({ type: 'webContents.send', channel, payload });
    },
    reload: () => {
      report({ type: 'webContents.reload' });
    },
    isDestroyed: () => this.#destroyed,
  };
  #destroyed = false;
  #visible = false;
  constructor(options: { readonly webPreferences?: { readonly additionalArguments?: readonly string[] } }) {
    super();
    windows.push(this);
    report({ type: 'window.created', additionalArguments: options.webPreferences?.additionalArguments ?? [] });
  }
  static getAllWindows(): StandInWindow[] {
    return windows.filter((window) => !window.isDestroyed());
  }
  loadURL(url: string): Promise<void> {
    report({ type: 'window.loadURL', url });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show(): void {
    this.#visible = true;
    report({ type: 'window.show' });
    this.emit('show');
  }
  focus(): void {}
  restore(): void {}
  isVisible(): boolean {
    return this.#visible;
  }
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  close(): void {
    report({ type: 'window.close' });
    this.destroy();
  }
  destroy(): void {
    this.#destroyed = true;
    this.emit('closed');
  }
}

const handlers = new Map<string, (event: unknown) => unknown>();
const listeners = new Map<string, unknown[]>();

const ipcMain = {
  handle: (channel: string, handler: (event: unknown) => unknown) => {
    handlers.set(channel, handler);
    report({ type: 'ipcMain.handle', channel });
  },
  on: (channel: string, listener: unknown) => {
    listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    report({ type: 'ipcMain.on', channel });
  },
  removeAllListeners: (channel: string) => {
    listeners.delete(channel);
    report({ type: 'ipcMain.removeAllListeners', channel });
  },
  listenerCount: (channel: string) => listeners.get(channel)?.length ?? 0,
};

// The test invokes a handler as the page in the window's top frame would, or plays the OS sending the app an event.
process.on('message', (message: { readonly invoke?: string; readonly id?: number; readonly frameUrl?: string; readonly emit?: string }) => {
  if (message.emit !== undefined) app.emit(message.emit);
  if (message.invoke === undefined) return;
  const handler = handlers.get(message.invoke);
  const event = { senderFrame: { url: message.frameUrl ?? 'app://renderer/index.html', parent: null } };
  Promise.resolve()
    .then(() => {
      if (handler === undefined) throw new Error(`No handler registered for '${message.invoke ?? ''}'`);
      return handler(event);
    })
    .then(
      (value: unknown) => {
        report({ type: 'invoke.answer', id: message.id, value });
      },
      (error: unknown) => {
        report({ type: 'invoke.answer', id: message.id, error: error instanceof Error ? error.message : String(error) });
      },
    );
});

function standInSession(name: string) {
  return {
    protocol: {
      handle: (scheme: string) => {
        report({ type: 'protocol.handle', session: name, scheme });
      },
    },
    webRequest: {
      onHeadersReceived: (listener: (details: unknown, callback: (answer: unknown) => void) => void) => {
        // The CSP header main adds to a page, as a main-frame response would get it.
        listener({ resourceType: 'mainFrame', responseHeaders: {} }, (answer) => {
          report({ type: 'webRequest.headers', session: name, answer });
        });
      },
    },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    setProxy: (config: unknown) => {
      report({ type: 'session.setProxy', session: name, config });
      return Promise.resolve();
    },
    setCertificateVerifyProc: (proc: unknown) => {
      report({ type: 'session.setCertificateVerifyProc', session: name, set: proc !== null });
    },
  };
}

const defaultSession = standInSession('default');
const partitions = new Map<string, ReturnType<typeof standInSession>>();

async function netFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  if (init.redirect === 'manual' && response.status >= 300 && response.status < 400) throw new Error('Redirect was cancelled');
  return response;
}

const electron = {
  app,
  BrowserWindow: StandInWindow,
  clipboard: {
    writeText: (text: string) => {
      report({ type: 'clipboard.writeText', length: text.length });
    },
  },
  dialog: {
    showErrorBox: (title: string, content: string) => {
      report({ type: 'dialog.showErrorBox', title, content });
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: { readonly template?: unknown } | null) => {
      report({ type: 'Menu.setApplicationMenu', template: menu === null ? null : menu.template });
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => {
      report({ type: 'protocol.registerSchemesAsPrivileged', schemes, ready: app.isReady() });
    },
  },
  session: {
    defaultSession,
    fromPartition: (partition: string) => {
      const made = partitions.get(partition) ?? standInSession(partition);
      partitions.set(partition, made);
      return made;
    },
  },
  shell: { openExternal: (url: string) => (report({ type: 'shell.openExternal', url }), Promise.resolve()) },
  nativeTheme: { shouldUseDarkColors: false },
  net: { fetch: netFetch },
  ipcMain,
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(false),
    getSelectedStorageBackend: () => 'basic_text',
  },
};

export const { BrowserWindow, clipboard, dialog, Menu, protocol, session, shell, nativeTheme, net, safeStorage } = electron;
export { app, ipcMain };
export default electron;
