/**
 * The sentences a command prints before, or instead of, loading its language's catalog: `token`'s
 * quick path prints a DPoP-bound token with its warning, and Lingui with a whole catalog would
 * cost it about as much as the rest of its own work (docs/benchmarks.md). The build copies these
 * messages, in every language, into the main chunk as plain text (vite.cli.config.ts); only
 * messages without placeholders can be early, which the build checks.
 */
import type { CliMessageId } from '../shared/i18n/catalog-types.ts';

export const earlyMessageIds = ['token.dpopWarning'] as const satisfies readonly CliMessageId[];

export type EarlyMessageId = (typeof earlyMessageIds)[number];
