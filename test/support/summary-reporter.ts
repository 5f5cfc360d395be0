import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with the ten slowest files (where the suite's time goes) and one plain line,
 * `Tests: N passed, N failed, N skipped`, which CI reads whatever the runner; vitest's own
 * summary stays above it for people.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const slowest = [...testModules]
      .map((module) => ({ file: module.moduleId, ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    const root = process.cwd();
    const lines = slowest.map(
      ({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file.startsWith(root) ? file.slice(root.length + 1) : file}`,
    );
    process.stdout.write(`\nThe slowest files:\n${lines.join('\n')}\n`);
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      if (module.state() === 'failed' && module.children.size === 0) counts.failed += 1;
    }
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
