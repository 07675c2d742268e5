import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEPLOY_COLUMNS } from '../../harness/results/csv/deploys.ts';

/**
 * The smoke baseline (one cell, 50 orders/s, 8 s) as if its timeline had rolled two replicas from
 * 2 s and doubled the rate at 6 s: deploys.csv gives the steps, run.json the timeline (the folder
 * keeps no raw/, so the report places actions as planned).
 */
export function deployFolder(root: string): string {
  const dir = path.join(root, 'deploy');
  cpSync('bench/baselines/smoke', dir, { recursive: true });
  const metaFile = path.join(dir, 'run.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  meta.scenario.timeline = [
    { at: 2, action: 'rollingRestart', maxUnavailable: 1, maxSurge: 0, pauseS: 0, readyTimeoutS: 30 },
    { at: 6, action: 'setRate', factor: 2 },
  ];
  writeFileSync(metaFile, JSON.stringify(meta));
  const step = (n: number, replica: string, atS: number, readyMs: number) => {
    const values: Record<string, string | number> = {
      cell: 'p2-r2-rate50',
      repeat: 1,
      action: 'rollingRestart(all)',
      step: n,
      replicas: replica,
      at_s: atS,
      ready_ms: readyMs,
    };
    return DEPLOY_COLUMNS.map((c) => values[c] ?? '').join(',');
  };
  writeFileSync(path.join(dir, 'deploys.csv'), [DEPLOY_COLUMNS.join(','), step(1, 'inventory-0', 2, 1500), step(2, 'inventory-1', 3.6, 1400)].join('\n'));
  return dir;
}
