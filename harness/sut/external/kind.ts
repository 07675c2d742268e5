import type { ExternalSystemSpec } from '../../model/system.ts';
import { fill } from '../../model/template.ts';
import type { SystemKind } from '../types.ts';
import { startExternalSystem } from './system.ts';

export const externalKind: SystemKind<ExternalSystemSpec> = {
  kind: 'external',
  names(cell, spec, runId, repeat) {
    const values = { run: runId, cell: cell.name, repeat };
    return { topic: fill(spec.topic, values), groupId: fill(spec.group, values), ownsTopic: spec.createTopic };
  },
  groupType: (_cell, spec) => (spec.groupProtocol ? { name: spec.groupProtocol, field: 'system.groupProtocol' } : undefined),
  clientSessionTimeout: (_cell, spec) => (spec.sessionTimeoutMs !== undefined ? { ms: spec.sessionTimeoutMs, source: 'system.sessionTimeoutMs' } : undefined),
  start: (cell, spec, o) =>
    startExternalSystem({
      spec,
      brokers: o.brokers,
      topic: o.topic,
      groupId: o.groupId,
      replicas: cell.topology.replicas,
      dir: o.dir,
      group: o.group,
      productIds: cell.load.payload.productIds,
      signal: o.signal,
    }),
  loadTarget(cell, spec, _system, brokers, topic) {
    // topology.producer.metadataMaxAgeMs: as for the order service, how soon the load writes to added partitions.
    if (spec.orders.kafka) return { kafka: { brokers, topic, key: cell.topology.key, metadataMaxAgeMs: cell.topology.producer.metadataMaxAgeMs } };
    return { url: spec.orders.http!.url, body: spec.orders.http!.body };
  },
};
