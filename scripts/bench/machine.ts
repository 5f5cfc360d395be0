import { availableParallelism, cpus, loadavg, release, totalmem, type as osType } from 'node:os';

/** The load average (1/5/15 min) when the run starts: other work on a 2-core machine moves every timing. */
export function loadAtStart(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

/** One line naming the machine, so figures from different runs can be told apart. */
export function describeMachine(chromiumVersion: string | undefined, load: string): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const ram = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`;
  const browser = chromiumVersion === undefined ? '' : `, Chromium ${chromiumVersion}`;
  const platform = `Node ${process.version}, ${osType()} ${release()} (${process.arch})`;
  return `Machine: ${model}, ${availableParallelism()} cores, ${ram}, ${platform}${browser}; load average (1/5/15 min) at start ${load}`;
}
