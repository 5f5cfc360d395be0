import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followVisibility } from '../../src/main/window-visibility.ts';

class FakeWindow extends EventEmitter {
  visible = true;
  minimized = false;
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
}

describe('whether someone can see the code', () => {
  it('follows the window through minimise, restore, hide, show and close', () => {
    const window = new FakeWindow();
    const seen: boolean[] = [];
    followVisibility(window, (visible) => seen.push(visible));
    window.minimized = true;
    window.emit('minimize');
    window.minimized = false;
    window.emit('restore');
    window.visible = false;
    window.emit('hide');
    window.visible = true;
    window.emit('show');
    window.emit('closed');
    expect(seen).toEqual([true, false, true, false, true, false]);
  });
});
