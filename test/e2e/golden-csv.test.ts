import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from '../support/cli.ts';

/**
 * The golden CSVs: raw folders recorded by real runs before the architecture changed (see
 * test/fixtures/golden/README.md) must still give the very same CSV files, byte for byte, when
 * `npm run analyze` rewrites them from raw/ alone. A change of layout that moved a figure shows here.
 */
const GOLDEN = path.join(repoRoot, 'test/fixtures/golden');
const RUNS = ['scale-out', 'external-lab', 'broker-failover', 'protocols'];
const work = mkdtempSync(path.join(tmpdir(), 'ksb-golden-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file the analysis writes: the CSVs at the top and the histograms. */
function written(dir: string): string[] {
  const top = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const histograms = readdirSync(path.join(dir, 'histograms')).map((f) => path.join('histograms', f));
  return [...top, ...histograms].sort();
}

describe('golden CSVs from recorded raw folders', () => {
  it.each(RUNS)('%s: npm run analyze writes every CSV file byte for byte as recorded', async (run) => {
    const recorded = path.join(GOLDEN, run);
    const copy = path.join(work, run);
    cpSync(recorded, copy, { recursive: true });
    const files = written(recorded);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) rmSync(path.join(copy, f));
    rmSync(path.join(copy, 'histograms'), { recursive: true });

    const r = await runCli('harness/cli/analyze.ts', [copy], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(written(copy)).toEqual(files);
    for (const f of files) {
      expect(statSync(path.join(copy, f)).size, f).toBeGreaterThan(0);
      expect(readFileSync(path.join(copy, f), 'utf8'), `${run}/${f}`).toBe(readFileSync(path.join(recorded, f), 'utf8'));
    }
  });
});
