import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportData } from '../../harness/report/data.ts';
import { deployFolder } from '../support/deploy-folder.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-report-markers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the report's markers", () => {
  it('span a deploy from its first restart to its last ready, and mark a load step with the rate it goes to', () => {
    const [cell] = reportData(deployFolder(root)).cells;
    expect(cell!.markers).toEqual([
      { x: 2, label: 'rollingRestart(all)', kind: 'action' },
      { x: 2, end: 5, label: 'deploy rollingRestart(all): 2 steps, 3 s', kind: 'deploy' },
      { x: 6, label: 'setRate(x2) -> 100/s', kind: 'step' },
    ]);
  });

  it('says when a step never was ready', () => {
    const dir = deployFolder(path.join(root, 'not-ready'));
    const file = path.join(dir, 'deploys.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/,1400,/, ',,'));
    const deploy = reportData(dir).cells[0]!.markers.find((m) => m.kind === 'deploy');
    expect(deploy).toEqual({ x: 2, end: 3.6, label: 'deploy rollingRestart(all): 2 steps, step 2 never ready', kind: 'deploy' });
  });

  it('has none in a folder without restarts or rate changes', () => {
    expect(reportData('bench/baselines/smoke').cells[0]!.markers).toEqual([]);
  });
});
