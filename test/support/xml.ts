/**
 * XML read with a maintained parser (@xmldom/xmldom) that stops at the first well-formedness
 * error or namespace error instead of repairing the document, so a broken template fails here.
 */
import { DOMParser, onErrorStopParsing, type Document, type Element } from '@xmldom/xmldom';

export function parseXml(text: string): Document {
  return new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
}

/** The element children of `parent`, optionally only those with one local name. */
export function childElements(parent: Element, name?: string): Element[] {
  return [...parent.childNodes].filter(
    (node): node is Element => node.nodeType === 1 && (name === undefined || (node as Element).localName === name),
  );
}

/** The one child element called `name`; fails when there is none or more than one. */
export function onlyChild(parent: Element, name: string): Element {
  const found = childElements(parent, name);
  if (found.length !== 1) throw new Error(`<${parent.localName}> has ${found.length} <${name}> children, expected one`);
  return found[0] as Element;
}

/** Every element below `root` with this local name. */
export function descendants(root: Element, name: string): Element[] {
  return [...root.getElementsByTagName(name)];
}
