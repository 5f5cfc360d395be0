import { stat } from 'node:fs/promises';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the files that take longest first, so that on a fresh clone (no timings from an earlier
 * run to sort by) the run does not end with one browser suite going on alone while the other
 * workers have nothing left: the folders whose files drive Chromium, real servers and the built
 * command line come first, the unit files that take milliseconds last; within a folder, larger
 * files first. Where an earlier run on this checkout timed every file, the longer go first.
 */
const folderRank: readonly (readonly [RegExp, number])[] = [
  [/\/test\/(e2e|integration|hardening)\//, 0],
  [/\/test\/(cli|demo-provider|packaging|launch|boot)\//, 1],
  [/\/test\/renderer\//, 2],
];

function rankOf(file: string): number {
  return folderRank.find(([pattern]) => pattern.test(file))?.[1] ?? folderRank.length;
}

export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const timed = new Map(files.map((spec) => [spec, this.ctx.cache.getTestSpecificationResult(spec)?.duration]));
    if ([...timed.values()].every((ms) => ms !== undefined)) {
      return [...files].sort((a, b) => (timed.get(b) ?? 0) - (timed.get(a) ?? 0));
    }
    const sizes = new Map(await Promise.all(files.map(async (spec) => [spec, (await stat(spec.moduleId)).size] as const)));
    return [...files].sort((a, b) => rankOf(a.moduleId) - rankOf(b.moduleId) || (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  }
}
