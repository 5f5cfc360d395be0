/**
 * The pseudo-locale, made from English at build time: every letter accented (so a string that
 * skips the catalog stands out), each text run padded by about 40 % (the room German or French
 * need), and the whole message in brackets (so clipping at either end shows).
 */
import { type CompiledCatalog, compileCatalog, type SourceCatalog } from './compile.ts';

const plain = Array.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
const accents = Array.from('åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ');
const accented = new Map(plain.map((letter, index) => [letter, accents[index] ?? letter]));
const padding = ' ļöŕéɱ îþšûɱ đöļöŕ šîţ åɱéţ';
export const pseudoGrowth = 0.4;

/**
 * One run of text between placeholders; runs without letters (`…`, `#`) stay as they are. The
 * padding goes before the run's trailing space, so it never runs into the value that follows.
 */
export function pseudoText(text: string): string {
  const characters = Array.from(text);
  if (!characters.some((character) => /\p{L}/u.test(character))) return text;
  const body = text.trimEnd();
  const extra = Math.ceil(characters.length * pseudoGrowth);
  const pad = padding
    .repeat(Math.ceil(extra / padding.length))
    .slice(0, extra)
    .trimEnd();
  return Array.from(body, (character) => accented.get(character) ?? character).join('') + pad + text.slice(body.length);
}

export function pseudoCatalog(source: SourceCatalog): CompiledCatalog {
  const compiled = compileCatalog(source, pseudoText);
  for (const [id, message] of Object.entries(compiled)) compiled[id] = ['[', ...message, ']'];
  return compiled;
}
