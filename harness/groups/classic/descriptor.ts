/** The classic group protocol: DescribeGroups, assignors in the group leader, client-side timings. */
import { settledWithOneOwnerEach } from '../exclusive.ts';
import type { GroupTypeDescriptor } from '../types.ts';

export const classic: GroupTypeDescriptor = {
  name: 'classic',
  label: 'classic group',
  defaultAssignor: 'range',
  clientTimings: true,
  groupHeartbeat: false,
  ownership: 'exclusive',
  isSettled: settledWithOneOwnerEach,
  probe: async () => (await import('./probe.ts')).classicProbe,
};
