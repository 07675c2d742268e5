/**
 * Partition leadership and ISR from the cluster's metadata, and the group's coordinator,
 * sampled with the other probes: a fault shows as a leader change, an ISR that shrinks and
 * grows back, or a coordinator that moves.
 */
import { Admin as PlatformaticAdmin, FindCoordinatorKeyTypes } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import type { MetadataSample } from '../model/samples.ts';

export interface MetadataReader {
  read(): Promise<MetadataSample>;
  close(): Promise<void>;
}

export function metadataReader(admin: Admin, brokers: readonly string[], topic: string, groupId: string): MetadataReader {
  const coordinators = new PlatformaticAdmin({ clientId: 'ksb-probe-coordinator', bootstrapBrokers: [...brokers], retries: 0, timeout: 2000 });
  return {
    async read() {
      const [{ topics }, coordinator] = await Promise.all([
        admin.fetchTopicMetadata({ topics: [topic] }),
        coordinators
          .findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] })
          .then(([found]) => found?.nodeId ?? null)
          .catch(() => null),
      ]);
      return {
        at: Date.now(),
        coordinator,
        partitions: (topics[0]?.partitions ?? [])
          .map((p) => ({ partition: p.partitionId, leader: p.leader, isr: [...p.isr].sort((a, b) => a - b) }))
          .sort((a, b) => a.partition - b.partition),
      };
    },
    close: () => coordinators.close().catch(() => undefined),
  };
}
