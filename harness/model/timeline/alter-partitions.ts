/** alterPartitions: raise the topic's partition count while the load runs. */
import { z } from 'zod';
import { at, positiveInt, section } from '../fields.ts';
import { defineSpec } from './spec.ts';

export const schema = section({ at, action: z.literal('alterPartitions'), partitions: positiveInt() });
export type AlterPartitions = Readonly<z.output<typeof schema>>;

export const alterPartitions = defineSpec<AlterPartitions>({
  name: 'alterPartitions',
  schema,
  describe: (e) => `alterPartitions(${e.partitions})`,
  // Kafka can add partitions to a topic but never remove them.
  replay(e, state) {
    const inForce = state.partitions;
    state.partitions = Math.max(inForce, e.partitions);
    if (e.partitions > inForce) return undefined;
    return {
      field: 'partitions',
      expected: `more than the ${inForce} partitions in force at ${e.at} s${state.whenPartitions} (Kafka can add partitions, never remove them)`,
      found: e.partitions,
    };
  },
});
