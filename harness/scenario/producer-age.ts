import { PRODUCER_FOLLOW_MARGIN_MS as FOLLOW_MARGIN_MS, type Scenario } from '../model/scenario.ts';
import { SCENARIO_DEFAULTS } from './options.ts';

/**
 * Said before a run, not refused: a scenario may mean to measure a producer as shipped (kafkajs
 * and Kafka default to 5 minutes). When the timeline alters partitions and the producer the
 * harness runs (the order service, or the load's own for `orders: { kafka: {} }`) cannot refresh
 * its metadata before the load ends, the added partitions get no records and their owners no
 * work; the run says so again from the topic (run/gap-notes.ts). A front door of your own
 * (`orders.http`) has a metadata age the harness cannot know: docs/own-consumer.md says what it needs.
 */
export function producerAgeNotes(scenario: Scenario): string[] {
  const system = scenario.system;
  if (system?.kind === 'external' && system.orders.http) return [];
  const producer = system?.kind === 'external' ? "the load's producer" : "the order service's producer";
  const ageMs = scenario.topology.producer.metadataMaxAgeMs;
  const dflt = ageMs === SCENARIO_DEFAULTS.topology.producer.metadataMaxAgeMs ? ', the default' : '';
  const notes: string[] = [];
  for (const e of scenario.timeline) {
    if (e.action !== 'alterPartitions' || e.at >= scenario.load.durationS) continue;
    const leftMs = (scenario.load.durationS - e.at) * 1000;
    if (ageMs + FOLLOW_MARGIN_MS < leftMs) continue;
    const below = Math.max(0, leftMs - FOLLOW_MARGIN_MS);
    notes.push(
      `${scenario.name}: alterPartitions(${e.partitions}) at ${e.at} s, but ${producer} writes to an added partition only once its metadata is topology.producer.metadataMaxAgeMs old (${ageMs} ms${dflt}) and the load ends ${leftMs / 1000} s after the alter: the added partitions may get no records. Set topology.producer.metadataMaxAgeMs below ${below} ms${below > 2000 ? ' (e.g. 2000)' : ''} so it follows the alter`,
    );
  }
  return notes;
}
