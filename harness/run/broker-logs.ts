/**
 * What each node of the run's own cluster logged while one cell ran, kept in that cell's raw
 * folder (`broker-<node>.log`): the cluster's directory is removed when the run ends, and a fault
 * (a leader killed, a share partition loaded again on its new leader) is explained by these lines.
 * Cells of one release share the cluster, so each cell gets the bytes written since it started.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedBroker } from '../broker/index.ts';

export interface BrokerLogMark {
  /** Writes each node's lines since the mark into `dir`; nothing for a cluster the run did not start. */
  copyTo(dir: string): void;
}

const serverLog = (nodeDir: string) => path.join(nodeDir, 'server.log');
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

export function markBrokerLogs(broker: EmbeddedBroker | undefined): BrokerLogMark {
  const nodes = (broker?.layout.nodes ?? []).map((n) => ({ nodeId: n.nodeId, file: serverLog(n.dir), from: sizeOf(serverLog(n.dir)) }));
  return {
    copyTo(dir) {
      if (nodes.length > 0) mkdirSync(dir, { recursive: true });
      for (const { nodeId, file, from } of nodes) {
        const to = sizeOf(file);
        // A log that shrank was started over: everything in it is this cell's.
        const start = to < from ? 0 : from;
        writeFileSync(path.join(dir, `broker-${nodeId}.log`), readRange(file, start, to));
      }
    },
  };
}

function readRange(file: string, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, to - from));
  if (buffer.length === 0) return buffer;
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
