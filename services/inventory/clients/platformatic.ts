import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, connectionsApiChannel, type Message, type MessagesStream } from '@platformatic/kafka';
import { log } from '../../shared/cli.ts';
import { describePartitions } from '../membership.ts';
import type { ConsumerDeps, ReplicaConsumer } from './consumer.ts';
import { PartitionLanes } from './partition-lanes.ts';
import { assignmentSteps, partitionsOfTopic, type AssignmentStep } from './platformatic-assignments.ts';
import { OffsetCommits } from './platformatic-commits.ts';
import { describeError, hasApiId } from './platformatic-errors.ts';

type InboundRecord = Message<Buffer, Buffer, Buffer, Buffer>;

/** The ConsumerGroupHeartbeat API key, and the part of its response the journal needs. */
const CONSUMER_GROUP_HEARTBEAT = 68;
interface HeartbeatResponse {
  memberId: string | null;
  memberEpoch: number;
  assignment: { topicPartitions: Array<{ topicId: string; partitions: number[] }> } | null;
}

/** Records read ahead of processing, across partitions: the stream's own buffer holds more. */
const MAX_QUEUED = 500;
/** An idle fetch waits this long at the broker (the client's default is 5 s): a closing stream waits for it. */
const FETCH_MAX_WAIT_MS = 1000;

/**
 * The @platformatic/kafka replica: the consumer group protocol of KIP-848, with the broker's
 * assignor (`--assignor uniform|range`). Records commit after they are processed
 * (at-least-once), in small batches (platformatic-commits.ts).
 *
 * The client has no event that says which partitions an assignment change moved (its
 * `group:rebalance` carries none), and hides the member epoch. Both come from
 * the ConsumerGroupHeartbeat responses themselves, read on the client's documented diagnostics
 * channel (`plt:kafka:connections:api`) just before the client acts on them. So a change is
 * seen at the heartbeat that carries it: as soon as the broker hands it out, up to one
 * group.consumer.heartbeat.interval.ms (5 s by default) after its cause; the client then
 * acknowledges it with an immediate heartbeat. A revocation is journaled once the records of
 * those partitions in progress have finished and their offsets are committed; the client does
 * not wait for that before it acknowledges, so the new owner may redo a record (never skip one).
 * `lost` is a heartbeat answered FENCED_MEMBER_EPOCH (the client rejoins with epoch 0 by itself)
 * or UNKNOWN_MEMBER_ID (the session expired; this client would not rejoin, see rejoin()).
 */
export class PlatformaticConsumer implements ReplicaConsumer {
  /** Replaced by a new client when the session expired (see rejoin). */
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly lanes: PartitionLanes<InboundRecord>;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private stopping = false;
  private crashed = false;

  /** The latest assignment a heartbeat carried (steps towards it may still be under way). */
  private target: number[] = [];
  /** Taken away at a heartbeat, revoked line not written yet: nothing new starts on them. */
  private readonly revoking = new Set<number>();
  /** Taken away and not handed back: their records are dropped. */
  private readonly dropping = new Set<number>();
  /** Group steps are journaled one after the other; a lost membership voids the queued ones. */
  private steps: Promise<void> = Promise.resolve();
  private membershipsLost = 0;
  private joinStartedAt: number | null = null;

  private readonly commits: OffsetCommits;
  private readonly lastComplaint = new Map<string, number>();

  constructor(private readonly deps: ConsumerDeps) {
    this.consumer = this.createClient();
    this.lanes = new PartitionLanes<InboundRecord>(
      deps.options.partitionsConcurrently,
      (p) => deps.membership.owns(p) && !this.revoking.has(p),
      (p, record) => this.handle(p, record),
      (err) => this.crash(err),
    );
    const { topic } = deps.options;
    this.commits = new OffsetCommits(
      // With the leader epoch of the record's batch (a message carries it since 2.x; 1.x sent -1,
      // unknown): KIP-320's committed leader epoch.
      (offsets) => this.consumer.commit({ offsets: offsets.map(({ partition, offset, leaderEpoch }) => ({ topic, partition, offset, leaderEpoch })) }),
      (p) => this.lanesMayRun(p),
      (err) => this.complain('commit', `offset commit failed: ${describeError(err)}`),
    );
  }

  private createClient(): Consumer<Buffer, Buffer, Buffer, Buffer> {
    const { options, state } = this.deps;
    const consumer = new Consumer({
      // The replica's name as client id: kafka-consumer-groups then says which replica owns what.
      clientId: state.replica || 'inventory-service',
      bootstrapBrokers: options.brokers,
      groupId: options.groupId,
      ...(options.staticMembership ? { groupInstanceId: state.replica } : {}),
      groupProtocol: 'consumer',
      groupRemoteAssignor: options.assignor,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      metadataMaxAge: options.metadataMaxAgeMs,
      autocreateTopics: false,
      autocommit: false,
      maxWaitTime: FETCH_MAX_WAIT_MS,
    });
    consumer.on('consumer:heartbeat:error', ({ error }) => {
      if (consumer === this.consumer) this.onHeartbeatError(error);
    });
    consumer.on('error', (err: unknown) => {
      if (consumer === this.consumer) this.crash(err);
    });
    return consumer;
  }

  /** No connect call in this client: reading the cluster's metadata proves the broker is there. */
  async connect(): Promise<void> {
    try {
      await this.consumer.metadata({ topics: [] });
    } catch (err) {
      throw new Error(describeError(err), { cause: err });
    }
  }

  async start(): Promise<void> {
    if (!(await this.topicExists())) return;
    connectionsApiChannel.asyncStart.subscribe(this.onApiResponse);
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const { options, state } = this.deps;
    this.joining();
    const stream = await this.consumer.consume({
      topics: [options.topic],
      mode: 'committed',
      fallbackMode: options.fromBeginning ? 'earliest' : 'latest',
      autocommit: false,
    });
    this.stream = stream;
    state.memberId = this.consumer.memberId ?? state.memberId;
    void this.read(stream);
  }

  /**
   * The session expired: this client (1.x, and 2.12 still) answers UNKNOWN_MEMBER_ID by
   * heartbeating again with its old member id and epoch, and never rejoins, so a new client joins
   * as a new member, as the Java client rejoins with epoch 0. The old one leaves with its stale
   * member id, which the broker no longer knows.
   */
  private async rejoin(): Promise<void> {
    const old = this.consumer;
    const oldStream = this.stream;
    this.consumer = this.createClient();
    this.stream = undefined;
    await oldStream?.close().catch(() => undefined);
    // Force: should the stream not have closed, the client would refuse to leave and keep heartbeating.
    await old.close(true).catch(() => undefined);
    if (this.stopping || this.crashed) return;
    this.deps.state.memberId = '';
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const closing = this.stream?.close().catch(() => undefined);
    this.lanes.discardAll();
    await this.lanes.idle();
    await this.commits.settled();
    // Leaves the group (a heartbeat with member epoch -1): the others get the partitions at their
    // next heartbeat. Since 2.x the client refuses to leave while one of its streams is still
    // open, and the stream above finishes closing a few ms later: force lets the client close it
    // first. Neither waits for the stream's idle fetch (the stream's own connections close).
    await this.consumer.close(true);
    await closing;
    connectionsApiChannel.asyncStart.unsubscribe(this.onApiResponse);
    if (this.crashed) return;
    this.deps.membership.stopped(Date.now());
  }

  /** Waits for the topic like the kafkajs replica: a group on a missing topic has nothing to do. */
  private async topicExists(): Promise<boolean> {
    const { topic } = this.deps.options;
    let waitingLogged = false;
    while (!this.stopping) {
      try {
        await this.consumer.metadata({ topics: [topic], forceUpdate: true });
        return true;
      } catch (err) {
        if (!describeError(err).includes(`Unknown topic ${topic}`)) throw err;
        if (!waitingLogged) log('inventory', `topic "${topic}" does not exist yet; waiting for it`);
        waitingLogged = true;
        await sleep(1000);
      }
    }
    return false;
  }

  private async read(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
    try {
      for await (const record of stream as AsyncIterable<InboundRecord>) {
        if (this.stopping || stream !== this.stream) break;
        if (this.dropping.has(record.partition)) continue;
        this.lanes.push(record.partition, record);
        await this.lanes.room(MAX_QUEUED);
      }
      if (!this.stopping && stream === this.stream) this.crash(new Error('the client ended the message stream'));
    } catch (err) {
      if (!this.stopping && stream === this.stream) this.crash(err);
    }
  }

  /** One record: work, store, journal, then its offset may commit. Retried while this member owns it. */
  private async handle(partition: number, record: InboundRecord): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (!this.lanesMayRun(partition)) return;
      try {
        await this.process(partition, record);
        return;
      } catch (err) {
        this.complain('processing', `processing failed, retrying: ${(err as Error).message}`);
        await sleep(Math.min(10_000, 200 * 2 ** attempt));
      }
    }
  }

  private async process(partition: number, record: InboundRecord): Promise<void> {
    const lostBefore = this.membershipsLost;
    await this.deps.records.process(partition, record.offset.toString(), record.value ?? null);
    // A membership lost meanwhile has nothing to commit: the partition's next owner redoes the record.
    if (lostBefore !== this.membershipsLost) return;
    this.commits.add(partition, record.offset + 1n, record.leaderEpoch);
  }

  private lanesMayRun(partition: number): boolean {
    return !this.stopping && this.deps.membership.owns(partition) && !this.revoking.has(partition);
  }

  /** Every ConsumerGroupHeartbeat response of this client, before the client acts on it. */
  private readonly onApiResponse = (message: unknown): void => {
    const ctx = message as { connection?: { ownerId?: number }; apiKey?: number; result?: unknown };
    if (ctx.apiKey !== CONSUMER_GROUP_HEARTBEAT || ctx.connection?.ownerId !== this.consumer.instanceId || ctx.result === undefined) return;
    try {
      this.onHeartbeat(ctx.result as HeartbeatResponse);
    } catch (err) {
      this.crash(err);
    }
  };

  private onHeartbeat(response: HeartbeatResponse): void {
    const { state, options } = this.deps;
    if (this.stopping || this.crashed || response.memberEpoch < 0) return;
    if (response.memberId) state.memberId = response.memberId;
    state.generationId = response.memberEpoch;
    const firstAfterJoin = this.joinStartedAt !== null && response.memberEpoch > 0;
    if (!response.assignment && !firstAfterJoin) return;
    const topicMetadata = this.consumer.currentMetadata?.topics.get(options.topic);
    const next = response.assignment ? partitionsOfTopic(response.assignment.topicPartitions, topicMetadata?.id) : this.target;
    // A partition the client's cached metadata does not know yet (the topic grew): without fresh
    // metadata the client could neither look up its offsets nor fetch it.
    if (topicMetadata && next.some((p) => p >= topicMetadata.partitionsCount)) this.consumer.clearMetadata();

    const steps = assignmentSteps(this.target, next);
    const joinedAt = this.joinStartedAt;
    if (firstAfterJoin) {
      this.joinStartedAt = null;
      // The join ends with an assignment even when it is empty: the idle member's `assigned: []`.
      if (!steps.some((s) => s.type === 'assigned')) steps.push({ type: 'assigned', partitions: [], owned: next });
    }
    this.target = next;
    for (const p of next) this.dropping.delete(p);
    for (const s of steps) {
      if (s.type !== 'revoked') continue;
      for (const p of s.partitions) {
        this.revoking.add(p);
        this.dropping.add(p);
      }
      this.lanes.discard(s.partitions);
    }
    const epoch = response.memberEpoch;
    const lostBefore = this.membershipsLost;
    for (const s of steps) {
      const durationMs = s.type === 'assigned' && joinedAt !== null ? Date.now() - joinedAt : null;
      this.steps = this.steps.then(() => this.apply(s, epoch, lostBefore, durationMs)).catch((err: unknown) => this.crash(err));
    }
  }

  /** One step, journaled in order: a revocation once its partitions' records are done and committed. */
  private async apply(s: AssignmentStep, epoch: number, lostBefore: number, durationMs: number | null): Promise<void> {
    if (s.type === 'revoked') {
      await this.lanes.settled(s.partitions);
      await this.commits.settled();
    }
    if (lostBefore !== this.membershipsLost || this.stopping || this.crashed) return;
    const { membership, options } = this.deps;
    if (s.type === 'assigned') {
      membership.assigned(Date.now(), s.partitions, s.owned, durationMs, epoch);
    } else {
      for (const p of s.partitions) this.revoking.delete(p);
      membership.revoked(Date.now(), s.partitions, s.owned, epoch);
      // An incremental revocation leaves the rest in place: say what the member still owns.
      log('inventory', `partitions assigned: ${describePartitions(options.topic, s.owned)}`);
    }
    this.lanes.pump();
  }

  private onHeartbeatError(error: Error): void {
    if (this.stopping || this.crashed) return;
    const reason = describeError(error);
    // Fenced: the client drops its assignment and rejoins with epoch 0 by itself (2.x: one
    // heartbeat interval later, not at once).
    if (hasApiId(error, 'FENCED_MEMBER_EPOCH')) {
      this.lose(reason);
      this.joining();
      return;
    }
    // The session expired (the broker removed this member): rejoin as a new member.
    if (hasApiId(error, 'UNKNOWN_MEMBER_ID')) {
      this.lose(reason);
      this.rejoin().catch((err: unknown) => this.crash(err));
      return;
    }
    this.complain('heartbeat', `heartbeat failed, the client retries: ${reason}`);
  }

  /** Partitions taken away without a clean revoke: nothing to commit, the next owner redoes them. */
  private lose(reason: string): void {
    const lost = [...new Set([...this.deps.membership.assignment, ...this.target])].sort((a, b) => a - b);
    this.membershipsLost++;
    this.lanes.discardAll();
    for (const p of lost) this.dropping.add(p);
    this.revoking.clear();
    this.target = [];
    this.commits.clear();
    this.deps.membership.lost(Date.now(), lost, reason);
  }

  private joining(): void {
    this.joinStartedAt = Date.now();
    // Under KIP-848 a member joins with epoch 0.
    this.deps.membership.join(this.joinStartedAt, 0);
  }

  private crash(err: unknown): void {
    if (this.crashed || this.stopping) return;
    this.crashed = true;
    this.deps.membership.crashed(Date.now(), describeError(err));
    this.deps.onFatal(err);
  }

  /** The same complaint at most once per 10 s: a broker outage would otherwise print a line per retry. */
  private complain(kind: string, message: string): void {
    const now = Date.now();
    if ((this.lastComplaint.get(kind) ?? 0) + 10_000 > now) return;
    this.lastComplaint.set(kind, now);
    log('inventory', message);
  }
}
