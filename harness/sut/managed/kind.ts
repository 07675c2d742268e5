import type { ManagedSystemSpec } from '../../model/system.ts';
import type { SystemKind } from '../types.ts';
import { startManagedSystem } from './system.ts';

export const managedKind: SystemKind<ManagedSystemSpec> = {
  kind: 'managed',
  names(cell, _spec, runId, repeat) {
    const id = `${runId}-${cell.name}-${repeat}`;
    return { topic: `ksb-${id}`, groupId: `inventory-${id}`, ownsTopic: true };
  },
  clientSessionTimeout: ({ topology: { consumer } }) =>
    consumer.sessionTimeoutMs !== null ? { ms: consumer.sessionTimeoutMs, source: 'topology.consumer.sessionTimeoutMs' } : undefined,
  groupType: (cell) => ({ name: cell.topology.consumer.groupProtocol, field: 'topology.consumer.groupProtocol' }),
  start: (cell, _spec, o) =>
    startManagedSystem({
      brokers: o.brokers,
      ...(o.clientsVersion ? { clientsVersion: o.clientsVersion } : {}),
      topic: o.topic,
      groupId: o.groupId,
      topology: cell.topology,
      dir: o.dir,
      productIds: cell.load.payload.productIds,
    }),
  loadTarget: (_cell, _spec, system) => ({ url: `${system.orderUrl}/orders` }),
};
