import { describe, expect, it } from 'vitest';
import { analyzeCell } from '../../harness/analysis/cell.ts';
import type { RawCell } from '../../harness/model/raw-cell.ts';
import { expand } from '../../harness/scenario/expand.ts';
import { validateScenario } from '../../harness/scenario/validate.ts';
import { SUMMARY_COLUMNS, summaryRow } from '../../harness/results/csv/summary.ts';
import { TABLE_COLUMNS, resultTable } from '../../harness/run/table.ts';

describe('a failed cell in the results table and summary.csv', () => {
  it("shows what it never measured as '-', never 0", () => {
    const v = validateScenario({ topology: { partitions: 1, replicas: 1 }, load: { rate: 10, durationS: 5 } }, 'x.yaml');
    if (!v.ok) throw new Error('scenario');
    const cell = expand(v.scenario)[0]!;
    const raw: RawCell = {
      cell,
      repeat: 1,
      topic: 't',
      groupId: 'g',
      status: 'failed',
      error: 'Topic creation errors',
      times: { setupStart: 1, end: 2 },
      timeline: [],
      replicas: [],
      lag: [],
      group: [],
      drained: false,
    };
    const result = analyzeCell({ raw, journals: [], accepted: [], tap: [] });
    const row = Object.fromEntries(TABLE_COLUMNS.map((c) => [c.short, c.value(result)]));
    for (const short of ['achieved', 'e2e p99', 'http p99', 'lag max', 'lag s', 'rebal', 'fair', 'left', 'lost', 'dup']) expect(row[short], short).toBe('-');
    expect(resultTable([result])).not.toMatch(/0\.0ms/);
    // summary.csv: empty means not measured.
    const csv = Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c, summaryRow(result)[i]]));
    for (const c of ['orders_lost', 'orders_duplicated', 'e2e_p99_ms', 'http_p99_ms', 'lag_max', 'fairness']) expect(csv[c], c).toBe('');
    expect(csv.status).toBe('failed');
  });
});
