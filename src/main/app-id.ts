/**
 * electron-builder.yml's appId (a test keeps the two equal). Windows groups the taskbar and
 * routes update notifications by it (app.setAppUserModelId), so it must be the installer's.
 */
export const appUserModelId = 'dev.device-signin.app';
