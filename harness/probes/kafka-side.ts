import path from 'node:path';
import type { Admin } from 'kafkajs';

/** kafkajs's ConfigResourceTypes.TOPIC (its CommonJS build has no named export of that enum). */
const TOPIC_RESOURCE = 2;
import type { GroupSample, LagSample } from '../model/samples.ts';
import type { KafkaObservation } from '../model/kafka-observation.ts';
import type { GroupReader } from './group.ts';
import { readLag } from './lag.ts';
import { startSampler, type Sampler } from './sampler.ts';
import { startTap, type Tap } from './tap.ts';

/**
 * What the harness sees of a consumer group from Kafka alone, for any system: committed and log
 * end offsets per partition several times a second, the coordinator's members and assignments,
 * and the tap's offset -> timestamp and order id. Nothing here asks the consumers anything.
 */
export const OFFSETS_INTERVAL_MS = 200;
export const GROUP_INTERVAL_MS = 250;
export const TAP_FILE = 'kafka-tap.ndjson';

const STOP_TIMEOUT_MS = 10_000;

/** True when `p` settled within `ms`. */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = p.then(() => true, () => true);
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}

export interface KafkaObserver {
  stop(members?: Map<string, string>): Promise<KafkaObservation>;
}

export async function startKafkaObservation(o: { admin: Admin; brokers: string[]; topic: string; groupId: string; group: GroupReader; dir: string; tapGroupId: string }): Promise<KafkaObserver> {
  const timestampType = await o.admin
    .describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC_RESOURCE, name: o.topic, configNames: ['message.timestamp.type'] }] })
    .then((r) => r.resources[0]?.configEntries.find((e) => e.configName === 'message.timestamp.type')?.configValue ?? 'unknown')
    .catch(() => 'unknown');
  // The tap starts where the group stands, so a topic with a long history is not read from its start.
  const start = await readLag(o.admin, o.topic, o.groupId).catch(() => undefined);
  const from = new Map<number, number>();
  for (const p of start?.partitions ?? []) if (p.committed !== null) from.set(p.partition, p.committed);
  const tapFile = path.join(o.dir, TAP_FILE);
  let tap: Tap | undefined;
  let tapFailures = 0;
  try {
    tap = await startTap({ brokers: o.brokers, topic: o.topic, groupId: o.tapGroupId, file: tapFile, from });
  } catch {
    tapFailures++;
  }
  const offsets: Sampler<LagSample> = startSampler(() => readLag(o.admin, o.topic, o.groupId), OFFSETS_INTERVAL_MS);
  const group: Sampler<GroupSample> = startSampler(() => o.group.read(), GROUP_INTERVAL_MS);
  return {
    async stop(members) {
      const [offsetSamples, groupSamples] = await Promise.all([offsets.stop(), group.stop()]);
      // One last read: the drain ends on a lag of 0 the sampler may not have seen yet.
      let last: LagSample | undefined;
      await within(STOP_TIMEOUT_MS, readLag(o.admin, o.topic, o.groupId).then((s) => (last = s)));
      if (last) offsetSamples.push(last);
      // A cluster that lost a node must not hold the teardown: the tap gets a bounded time.
      const stopped = await within(STOP_TIMEOUT_MS, tap?.stop() ?? Promise.resolve());
      if (!stopped) tapFailures++;
      await within(STOP_TIMEOUT_MS, o.admin.deleteGroups([o.tapGroupId]).catch(() => undefined));
      return {
        offsetsIntervalMs: OFFSETS_INTERVAL_MS,
        groupIntervalMs: GROUP_INTERVAL_MS,
        offsets: offsetSamples,
        group: groupSamples,
        members: Object.fromEntries(members ?? []),
        tapFile: TAP_FILE,
        tapRecords: tap?.count() ?? 0,
        timestampType,
        failures: { offsets: offsets.failures, group: group.failures, tap: tapFailures + (tap?.failures() ?? 0) },
      };
    },
  };
}
