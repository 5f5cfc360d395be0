/**
 * Measurements the screens suite takes inside the page, where the DOM is: the layout's promises
 * (nothing sideways, nothing outside the window, no spilling, no overlap), computed styles, and
 * what a selection or a copy gives. Browser code, checked by tsconfig.web.json; the suite strips
 * its types and evaluates it in the page (test/support/layout-checks.ts), so the app never ships it.
 */

function nameOf(element: Element): string {
  const classes = typeof element.className === 'string' ? element.className.trim() : '';
  return `${element.tagName.toLowerCase()}${classes === '' ? '' : `.${classes.replace(/\s+/g, '.')}`}`;
}

function drawn(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && element.closest('.sr-only') === null;
}

/** One line per broken promise, empty when the layout holds; `blocks` selects what a screen is made of. */
export function layoutProblems(blocks: string): string[] {
  const problems: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${window.innerWidth})`);
  for (const element of document.body.querySelectorAll('*')) {
    if (!drawn(element)) continue;
    const box = element.getBoundingClientRect();
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
      problems.push(`${nameOf(element)} sticks out of the window (${Math.round(box.left)}..${Math.round(box.right)})`);
    }
  }
  // A modal dialog covers the screen on purpose: then only its own blocks must keep apart.
  const dialog = document.querySelector('dialog[open]');
  const shown = [...document.querySelectorAll(blocks)].filter((element) => drawn(element) && (dialog === null || dialog.contains(element)));
  for (const element of shown) {
    if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
      problems.push(`${nameOf(element)} spills out of its box`);
    }
  }
  for (const [index, first] of shown.entries()) {
    for (const second of shown.slice(index + 1)) {
      if (first.contains(second) || second.contains(first)) continue;
      const a = first.getBoundingClientRect();
      const b = second.getBoundingClientRect();
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > 0.5 && down > 0.5) problems.push(`${nameOf(first)} overlaps ${nameOf(second)}`);
    }
  }
  return problems;
}

export function styleOf(selector: string, property: string): string {
  const element = document.querySelector(selector);
  if (element === null) throw new Error(`${selector} is not on the page`);
  return getComputedStyle(element).getPropertyValue(property);
}

/** The largest font size of any text on the page outside `except`. */
export function largestFontSizeOutside(except: string): number {
  const sizes = [...document.querySelectorAll('body *')]
    .filter((element) => element.closest(except) === null && drawn(element))
    .filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== ''))
    .map((element) => Number.parseFloat(getComputedStyle(element).fontSize));
  return Math.max(0, ...sizes);
}

export function elementsWithBreakAll(): number {
  return [...document.querySelectorAll('*')].filter((element) => getComputedStyle(element).wordBreak === 'break-all').length;
}

/** Selects the element's text as a person would, and says what the selection and a copy of it give. */
export function selectAndCopy(selector: string): { readonly selected: string; readonly copied: string } {
  const element = document.querySelector(selector);
  const selection = getSelection();
  if (element === null || selection === null) throw new Error(`${selector} cannot be selected`);
  selection.selectAllChildren(element);
  const data = new DataTransfer();
  element.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));
  const selected = selection.toString();
  selection.removeAllRanges();
  return { selected, copied: data.getData('text/plain') || selected };
}

/** Each matching element's text, how many line boxes it takes, its height and font size. */
export function lineBoxes(selector: string): { text: string; lines: number; height: number; fontSize: number }[] {
  return [...document.querySelectorAll(selector)].map((element) => ({
    text: element.textContent,
    lines: element.getClientRects().length,
    height: element.getBoundingClientRect().height,
    fontSize: Number.parseFloat(getComputedStyle(element).fontSize),
  }));
}

/**
 * Text that a box cuts off: an element holding text whose overflow is not visible (hidden, clip,
 * an ellipsis) and whose content is wider or taller than the box. Longer languages find these.
 */
export function clippedText(): string[] {
  const problems: string[] = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (!drawn(element)) continue;
    const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
    if (!ownText) continue;
    const style = getComputedStyle(element);
    const cuts = style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.textOverflow === 'ellipsis';
    if (cuts && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) {
      problems.push(`${nameOf(element)} cuts off "${element.textContent.trim().slice(0, 40)}"`);
    }
  }
  return problems;
}

/**
 * Visible text that did not come through the catalog, on a page in the pseudo-locale: a run of
 * Latin letters with no accent, outside what is data and not words (a code, a host, a URL, a
 * name, a technical message), which sits in `bdi`, `code` or a left-to-right element.
 */
export function textOutsideCatalog(): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    const parent = node.parentElement;
    if (parent === null || !/[A-Za-z]{2}/.test(text) || parent.closest('bdi, code, [dir=ltr], script, style') !== null) continue;
    if (!drawn(parent) && parent.closest('.sr-only') === null) continue;
    if (!/[\u00c0-\u024f\u1e00-\u1eff]/.test(text)) found.push(text);
  }
  return found;
}

/** The left edge of each character of the element's text, in reading order of the DOM. */
export function characterLefts(selector: string): number[] {
  const element = document.querySelector(selector);
  if (element === null) throw new Error(`${selector} is not on the page`);
  const lefts: number[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (let index = 0; index < text.length; index += 1) {
      if (text[index]?.trim() === '') continue;
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      lefts.push(range.getBoundingClientRect().left);
    }
  }
  return lefts;
}

/** What has the keyboard's focus: its label or text, and whether a focus ring is drawn around it. */
export function focusedElement(): { readonly name: string; readonly ring: boolean } {
  const element = document.activeElement;
  if (element === null) return { name: '', ring: false };
  const style = getComputedStyle(element);
  const ring = style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
  return { name: (element.getAttribute('aria-label') ?? element.textContent).trim(), ring };
}

/**
 * Whether the screen fits its window, in one call: how tall the document is against the window,
 * every action (button, link, disclosure) not wholly inside the window, and whether the trust
 * line is; with the layout's broken promises and cut text beside, so a check of many screens in
 * many languages costs one round trip each.
 */
export function screenFit(blocks: string): {
  readonly documentHeight: number;
  readonly windowHeight: number;
  readonly actionsOutside: string[];
  readonly trustLineInside: boolean | undefined;
  readonly problems: string[];
} {
  const inside = (element: Element): boolean => {
    const box = element.getBoundingClientRect();
    return box.top >= -0.5 && box.left >= -0.5 && box.bottom <= window.innerHeight + 0.5 && box.right <= window.innerWidth + 0.5;
  };
  const actions = [...document.querySelectorAll('button, a[href], summary')].filter((element) => drawn(element) && !inside(element));
  const trust = document.querySelector('.trust-line');
  return {
    documentHeight: document.documentElement.scrollHeight,
    windowHeight: window.innerHeight,
    actionsOutside: actions.map((element) => `${nameOf(element)} "${element.textContent.trim().slice(0, 30)}"`),
    trustLineInside: trust === null ? undefined : inside(trust),
    problems: [...layoutProblems(blocks), ...clippedText()],
  };
}

/**
 * Words broken across two lines inside `selector`'s elements: each word (as Intl.Segmenter cuts
 * the page's language) must sit in one line box. Japanese breaks between phrases, never inside
 * "サインイン" or "コード"; a host broken mid-label ("microsoftonlin/e.com") is found the same way.
 */
export function wordsSplitAcrossLines(selector: string): string[] {
  const split: string[] = [];
  const segmenter = new Intl.Segmenter(document.documentElement.lang, { granularity: 'word' });
  for (const element of document.querySelectorAll(selector)) {
    if (!drawn(element)) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      // Text out of sight (a closed Details, the screen-reader-only words) has no lines to keep.
      if (node.parentElement === null || !drawn(node.parentElement) || !node.parentElement.checkVisibility()) continue;
      for (const { segment, index, isWordLike } of segmenter.segment(node.textContent ?? '')) {
        if (isWordLike !== true || segment.length < 2) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + segment.length);
        const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (tops.size > 1) split.push(`${nameOf(element)}: "${segment}"`);
      }
    }
  }
  return split;
}
