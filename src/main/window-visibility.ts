/**
 * Whether someone can see the window: shown and not minimised. The flow renews an expiring code
 * in place only then (a TV's activation screen does the same); a hidden window lets it expire.
 * Takes the few BrowserWindow members it needs, so it is testable without Electron.
 */
export interface VisibilitySource {
  isVisible(): boolean;
  isMinimized(): boolean;
  on(event: 'show' | 'hide' | 'minimize' | 'restore' | 'closed', listener: () => void): unknown;
}

export function followVisibility(window: VisibilitySource, onChange: (visible: boolean) => void): void {
  const update = (): void => {
    onChange(window.isVisible() && !window.isMinimized());
  };
  for (const event of ['show', 'hide', 'minimize', 'restore'] as const) window.on(event, update);
  window.on('closed', () => {
    onChange(false);
  });
  update();
}
