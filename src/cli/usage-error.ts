import type { CliMessageId } from '../shared/i18n/catalog-types.ts';

/** The catalog message of a usage error, for the terminal's language; the English text is `message`. */
export interface UsagePhrase {
  readonly id: CliMessageId;
  readonly values?: Readonly<Record<string, string>>;
  /** The known word nearest to a mistyped one, offered as "Did you mean …?" after the message. */
  readonly suggestion?: string;
}

/**
 * A command line we cannot act on: exit status 2, and the message says what to type instead.
 * Node's parseArgs words its own (English) messages; ours carry a `phrase` for the catalog.
 */
export class UsageError extends Error {
  readonly phrase: UsagePhrase | undefined;

  constructor(message: string, phrase?: UsagePhrase) {
    super(message);
    this.name = 'UsageError';
    this.phrase = phrase;
  }
}
