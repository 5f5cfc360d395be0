/** What `npm run bench` prints: one row per figure, judged against its target where it has one. */

export type Verdict = 'met' | 'missed' | 'info' | 'not measured';

export interface Row {
  readonly metric: string;
  readonly value: string;
  readonly target: string;
  readonly verdict: Verdict;
}

export function renderTable(rows: readonly Row[]): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  return [
    '| metric | value | target | verdict |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.target)} | ${row.verdict} |`),
  ].join('\n');
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted[sorted.length - 1] ?? 0 };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function millis(ms: number): string {
  return `${Math.round(ms)} ms`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** "min / median / max" in one unit. */
export function spreadText(values: readonly number[], format: (value: number) => string): string {
  const { min, median, max } = spread(values);
  return `${format(min)} / ${format(median)} / ${format(max)}`;
}

/** A measurement that could not be taken still gets its rows, saying why, so the table keeps its shape. */
export function failedRows(metrics: readonly string[], error: unknown): Row[] {
  const reason = error instanceof Error ? error.message : String(error);
  return metrics.map((metric) => ({ metric, value: `failed: ${reason.split('\n')[0] ?? ''}`, target: '', verdict: 'not measured' }));
}

/** Rejects when `promise` has not settled within `ms`: every wait in the bench is bounded. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} took longer than ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Progress goes to stderr so that stdout holds only the table and the machine line. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
