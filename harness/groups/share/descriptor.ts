/**
 * Share groups (KIP-932): members acquire records, not partitions, so several may own one
 * partition at once; the broker's `simple` assignor and its timings (group.share.*, or a group's
 * share.* configs). A minimal descriptor for the Java share replica; its probe (members, lag from
 * the share-partition start offset, group configs) belongs to the share group kind's own change.
 */
import { HarnessError } from '../../model/errors.ts';
import type { GroupTypeDescriptor } from '../types.ts';

export const share: GroupTypeDescriptor = {
  name: 'share',
  label: 'share group',
  defaultAssignor: 'simple',
  clientTimings: false,
  timingsNote:
    'the broker sets group.share.session.timeout.ms and group.share.heartbeat.interval.ms, a group its own share.session.timeout.ms and share.heartbeat.interval.ms',
  groupHeartbeat: false,
  ownership: 'shared',
  // Every expected member present and every partition held by at least one of them.
  isSettled: (sample, members, partitions) => {
    if (sample.state !== 'Stable' || sample.members.length !== members) return false;
    const held = new Set(sample.members.flatMap((m) => m.partitions));
    return Array.from({ length: partitions }, (_, p) => p).every((p) => held.has(p));
  },
  probe: () => Promise.reject(new HarnessError('BAD_ARGUMENT', 'share groups cannot be watched by the harness yet (no probe for the share group kind)')),
};
