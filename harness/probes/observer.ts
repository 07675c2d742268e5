/**
 * Everything a cell probes, each signal sampled once: committed and log end offsets per partition
 * several times a second (lag, progress, the drain's end), the coordinator's members and
 * assignments, leaders, ISR and the coordinator each second, and the tap's offset -> timestamp
 * and order id. Nothing here asks the consumers anything: it works for any system.
 */
import path from 'node:path';
import type { Admin } from 'kafkajs';
import type { WatchedGroup } from '../groups/open.ts';
import type { KafkaObservation } from '../model/kafka-observation.ts';
import type { GroupSample, LagSample, MetadataSample } from '../model/samples.ts';
import { totalLag } from './lag.ts';
import { metadataReader } from './metadata.ts';
import { startSampler, type Sampler } from './sampler.ts';
import { startTap, type Tap } from './tap.ts';

export const OFFSETS_INTERVAL_MS = 200;
export const GROUP_INTERVAL_MS = 250;
const METADATA_INTERVAL_MS = 1_000;
export const TAP_FILE = 'kafka-tap.ndjson';
const STOP_TIMEOUT_MS = 10_000;

/** kafkajs's ConfigResourceTypes.TOPIC (its CommonJS build has no named export of that enum). */
const TOPIC_RESOURCE = 2;

/** True when `p` settled within `ms`. */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = p.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}

export interface ObserverOptions {
  admin: Admin;
  brokers: string[];
  topic: string;
  groupId: string;
  group: WatchedGroup;
  /** The cell's raw folder: the tap's records go there. */
  dir: string;
  tapGroupId: string;
  /** Each offsets sample as it is taken (the progress line). */
  onLag?: (sample: LagSample) => void;
}

export interface Observation {
  kafka: KafkaObservation;
  metadata: MetadataSample[];
  /** When each failed read started, per signal: a gap, never a sample of 0. */
  failedAt: { lag: number[]; group: number[]; metadata: number[] };
}

export interface KafkaObserver {
  /** Resolves true once an offsets read sent after now shows no lag, false at the deadline or on abort. */
  waitForNoLag(timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  /** Resolves true once `seen` holds for the group samples so far (checked now and at each new one), false at the deadline or on abort. */
  waitForGroup(seen: (samples: readonly GroupSample[]) => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  stop(members?: Map<string, string>): Promise<Observation>;
}

export async function startObserver(o: ObserverOptions): Promise<KafkaObserver> {
  const timestampType = await o.admin
    .describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC_RESOURCE, name: o.topic, configNames: ['message.timestamp.type'] }] })
    .then((r) => r.resources[0]?.configEntries.find((e) => e.configName === 'message.timestamp.type')?.configValue ?? 'unknown')
    .catch(() => 'unknown');
  // The tap starts where the group stands, so a topic with a long history is not read from its start.
  const start = await o.group.readLag().catch(() => undefined);
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
  const lagWaiters = new Set<(s: LagSample, readFrom: number) => void>();
  // When each offsets read was sent: a sample's `at` is when its answer came, and a read sent
  // before the drain began may hold end offsets from before the last records were appended.
  const readFrom = new WeakMap<LagSample, number>();
  const offsets: Sampler<LagSample> = startSampler(
    async () => {
      const sentAt = Date.now();
      const sample = await o.group.readLag();
      readFrom.set(sample, sentAt);
      return sample;
    },
    OFFSETS_INTERVAL_MS,
    (s) => {
      o.onLag?.(s);
      for (const w of lagWaiters) w(s, readFrom.get(s) ?? s.at);
    },
  );
  const groupWaiters = new Set<() => void>();
  const group: Sampler<GroupSample> = startSampler(
    () => o.group.readMembers(),
    GROUP_INTERVAL_MS,
    () => {
      for (const w of groupWaiters) w();
    },
  );
  const metadata = metadataReader(o.admin, o.brokers, o.topic, o.groupId);
  const metadataSamples: Sampler<MetadataSample> = startSampler(() => metadata.read(), METADATA_INTERVAL_MS);
  return {
    waitForNoLag(timeoutMs, signal) {
      const since = Date.now();
      return new Promise<boolean>((resolve) => {
        const done = (drained: boolean) => {
          clearTimeout(timer);
          lagWaiters.delete(onSample);
          signal.removeEventListener('abort', onAbort);
          resolve(drained);
        };
        const onSample = (s: LagSample, sentAt: number) => {
          if (sentAt >= since && totalLag(s) === 0) done(true);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), timeoutMs);
        if (signal.aborted) return done(false);
        lagWaiters.add(onSample);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    waitForGroup(seen, timeoutMs, signal) {
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          groupWaiters.delete(onSample);
          signal.removeEventListener('abort', onAbort);
          resolve(ok);
        };
        const onSample = () => {
          if (seen(group.samples)) done(true);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
        if (signal.aborted) return done(false);
        groupWaiters.add(onSample);
        signal.addEventListener('abort', onAbort, { once: true });
        onSample();
      });
    },
    async stop(members) {
      const [offsetSamples, groupSamples, metadataRead] = await Promise.all([offsets.stop(), group.stop(), metadataSamples.stop()]);
      await metadata.close();
      // One last read: the drain ends on a lag of 0 the sampler may not have seen yet.
      let last: LagSample | undefined;
      await within(
        STOP_TIMEOUT_MS,
        o.group.readLag().then((s) => (last = s)),
      );
      if (last) offsetSamples.push(last);
      // A cluster that lost a node must not hold the teardown: the tap gets a bounded time.
      const stopped = await within(STOP_TIMEOUT_MS, tap?.stop() ?? Promise.resolve());
      if (!stopped) tapFailures++;
      await within(
        STOP_TIMEOUT_MS,
        o.admin.deleteGroups([o.tapGroupId]).catch(() => undefined),
      );
      return {
        kafka: {
          offsetsIntervalMs: OFFSETS_INTERVAL_MS,
          groupIntervalMs: GROUP_INTERVAL_MS,
          offsets: offsetSamples,
          group: groupSamples,
          ...(o.group.type() ? { groupType: o.group.type()!.name } : {}),
          members: Object.fromEntries(members ?? []),
          tapFile: TAP_FILE,
          tapRecords: tap?.count() ?? 0,
          timestampType,
          failures: { offsets: offsets.failures, group: group.failures, tap: tapFailures + (tap?.failures() ?? 0) },
        },
        metadata: metadataRead,
        failedAt: { lag: offsets.failedAt, group: group.failedAt, metadata: metadataSamples.failedAt },
      };
    },
  };
}
