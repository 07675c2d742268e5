import { setTimeout as sleep } from 'node:timers/promises';
import { PartitionAssigners, type Consumer, type EachMessagePayload, type LogEntry } from 'kafkajs';
import { log } from '../../shared/cli.ts';
import { createKafka, errorChain, hasErrorType } from '../../shared/kafka.ts';
import type { ConsumerDeps, ReplicaConsumer } from './consumer.ts';
import { RangeAssigner } from './kafkajs-range-assigner.ts';

/** kafkajs log lines that mean "this member is leaving its current assignment". */
const NOTICED_BY_LOG = [
  'Topic has been updated, resync group', // this member's metadata shows added partitions
  'The coordinator is not aware of this member, re-joining the group', // the session expired
];

/**
 * The kafkajs replica: the classic protocol with eager rebalancing (kafkajs has no cooperative
 * assignor). kafkajs commits the offset after the handler returns (at-least-once).
 */
export class KafkajsConsumer implements ReplicaConsumer {
  private readonly consumer: Consumer;
  /** kafkajs's GROUP_JOIN event lacks the generation; its debug log of the assignment has it. */
  private joiningGeneration: number | null = null;
  private revokedSinceAssigned = false;
  private stopping = false;
  private lastHandlerError = 0;

  constructor(private readonly deps: ConsumerDeps) {
    const { options } = deps;
    // The replica's name as client id: kafka-consumer-groups and DescribeGroups then say which replica owns what.
    const kafka = createKafka({ service: 'inventory', clientId: deps.state.replica || 'inventory-service', brokers: options.brokers, tap: this.tap });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      metadataMaxAge: options.metadataMaxAgeMs,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      // Heartbeats go out between fetches; an idle fetch must not outlast the heartbeat period,
      // or an idle member notices a rebalance (and proves it is alive) late.
      maxWaitTimeInMs: Math.min(5000, options.heartbeatIntervalMs),
      partitionAssigners: [options.assignor === 'roundrobin' ? PartitionAssigners.roundRobin : RangeAssigner],
    });
    this.listen();
  }

  async connect(): Promise<void> {
    await this.consumer.connect();
  }

  /** Subscribes (waiting for the topic if it does not exist yet) and starts consuming. */
  async start(): Promise<void> {
    const { options } = this.deps;
    let waitingLogged = false;
    for (;;) {
      try {
        await this.consumer.subscribe({ topics: [options.topic], fromBeginning: options.fromBeginning });
        break;
      } catch (err) {
        if (this.stopping) return;
        if (!hasErrorType(err, 'UNKNOWN_TOPIC_OR_PARTITION')) throw err;
        if (!waitingLogged) log('inventory', `topic "${options.topic}" does not exist yet; waiting for it`);
        waitingLogged = true;
        await sleep(1000);
      }
    }
    if (this.stopping) return;
    this.deps.membership.join(Date.now());
    await this.consumer.run({
      partitionsConsumedConcurrently: options.partitionsConcurrently,
      eachMessage: (payload) => this.handle(payload),
    });
  }

  /** Leaves the group cleanly (a scale-in): the others get this member's partitions at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
  }

  private async handle({ partition, message }: EachMessagePayload): Promise<void> {
    try {
      await this.deps.records.process(partition, message.offset, message.value);
    } catch (err) {
      // Thrown back to kafkajs: the record is retried, its offset not committed.
      if (Date.now() - this.lastHandlerError > 10_000) log('inventory', `processing failed, kafkajs will retry: ${(err as Error).message}`);
      this.lastHandlerError = Date.now();
      throw err;
    }
  }

  private listen(): void {
    const { events } = this.consumer;
    const { state, options, membership } = this.deps;
    this.consumer.on(events.GROUP_JOIN, ({ timestamp, payload }) => {
      state.memberId = payload.memberId;
      if (this.joiningGeneration !== null) state.generationId = this.joiningGeneration;
      const partitions = [...(payload.memberAssignment[options.topic] ?? [])].sort((a, b) => a - b);
      this.revokedSinceAssigned = false;
      // The eager protocol hands out the whole assignment at once.
      membership.assigned(timestamp, partitions, partitions, payload.duration);
    });
    this.consumer.on(events.REBALANCING, ({ timestamp }) => this.noticed(timestamp));
    const onGeneration = (generationId: number | undefined): void => {
      if (typeof generationId === 'number') state.generationId = generationId;
    };
    this.consumer.on(events.HEARTBEAT, ({ payload }) => onGeneration(payload.groupGenerationId));
    this.consumer.on(events.COMMIT_OFFSETS, ({ payload }) => onGeneration(payload.groupGenerationId));
    this.consumer.on(events.CRASH, ({ timestamp, payload }) => {
      const reason = [
        ...new Set(
          errorChain(payload.error)
            .map((e) => e.message)
            .filter(Boolean),
        ),
      ].join(': ');
      membership.crashed(timestamp, reason);
      if (!payload.restart) {
        this.deps.onFatal(payload.error);
      } else {
        log('inventory', `consumer crashed, kafkajs restarts it: ${reason}`);
      }
    });
    this.consumer.on(events.STOP, ({ timestamp }) => {
      // kafkajs also stops the consumer on its way to a CRASH event; the crash line says that.
      if (!this.stopping) return;
      membership.stopped(timestamp);
    });
  }

  /** This member learned that its assignment is void: the eager protocol revokes everything. */
  private noticed(at: number): void {
    if (this.revokedSinceAssigned) return;
    this.revokedSinceAssigned = true;
    const { membership } = this.deps;
    membership.revoked(at, membership.assignment, []);
  }

  private readonly tap = (entry: LogEntry): void => {
    const message = entry.log.message;
    if (entry.namespace === 'ConsumerGroup' && message === 'Received assignment' && typeof entry.log.generationId === 'number') {
      this.joiningGeneration = entry.log.generationId;
    } else if (NOTICED_BY_LOG.includes(message)) {
      this.noticed(Date.now());
    }
  };
}
