import type { CellResult } from '../analysis/cell.ts';

/**
 * One line per share-group cell (and any cell whose keys came out of order), printed under the
 * results table: what sharing partitions cost in that run, in words (summary.csv has the figures).
 */
export function sharingNotes(results: readonly CellResult[]): string[] {
  return results.flatMap((r) => {
    const parts: string[] = [];
    const again = r.redelivery;
    if (again) {
      const kills = r.faults.filter((f) => f.redelivery && f.redelivery.delayMs !== null);
      const after = kills.map((f) => `the last ${f.redelivery!.delayMs} ms after ${f.action}`).join(', ');
      parts.push(`${again.records} records delivered again (delivery count up to ${again.deliveryCountMax})${after ? `, ${after}` : ''}`);
    }
    const k = r.keyOrder;
    if (k && (again || k.violations > 0)) {
      parts.push(`${k.violations} orders processed ahead of an earlier order of their product (${k.keysAffected} of ${k.keys} products)`);
    }
    return parts.length > 0 ? [`${r.raw.cell.name}#${r.raw.repeat} ${again ? 'share group' : 'key order'}: ${parts.join('; ')}`] : [];
  });
}
