/**
 * The replica journal: the one record every consumer client (kafkajs, the Java client,
 * @platformatic/kafka) writes about itself, and the harness reads. Defined once, here, as a
 * versioned schema; writers build lines with these types and the reader validates every line.
 *
 * Version 2 added the header line, `lost`, and `owned` on every group step, so that an
 * incremental (cooperative or KIP-848) revocation of some partitions is told apart from the
 * eager protocol's "revoke everything". A file without a header is version 1 (kafkajs only).
 * A share group's member (KIP-932) adds `dc` to its record lines, still version 2: a field a
 * reader may ignore, absent from every older journal.
 */
import { z } from 'zod';

export const JOURNAL_VERSION = 2;

const epochMs = z.number().finite().nonnegative();
const partition = z.int().nonnegative();
const partitions = z.array(partition);
/** Offsets are int64: written as strings so no client loses precision. */
const offset = z.string().regex(/^\d+$/, 'a decimal offset string');
/**
 * A share group's delivery count of the record (1 the first time it was acquired; more after a
 * release, a lock that expired or a member that left): only share-group members write it.
 */
const deliveryCount = z.int().positive().optional();

/** First line: who wrote this journal and how its member was configured. */
export const headerLine = z.strictObject({
  k: z.literal('journal'),
  v: z.literal(JOURNAL_VERSION),
  replica: z.string(),
  /** A name of harness/clients/registry.ts and harness/groups/registry.ts: any registered client writes this journal. */
  client: z.string().min(1),
  groupProtocol: z.string().min(1),
  assignor: z.string(),
  pid: z.int(),
  at: epochMs,
});

/** One record this replica processed (store updated), written before its offset commits (a share group: before it is acknowledged). */
export const orderLine = z.strictObject({
  k: z.literal('order'),
  orderId: z.string().min(1),
  partition,
  offset,
  createdAt: z.number().finite(),
  processedAt: epochMs,
  member: z.string(),
  productId: z.int().positive(),
  qty: z.int().positive(),
  dc: deliveryCount,
});

/** A record that is not a valid OrderPlaced: skipped and committed (a share group: accepted, or rejected in explicit mode). */
export const poisonLine = z.strictObject({
  k: z.literal('poison'),
  partition,
  offset,
  reason: z.string(),
  at: epochMs,
  dc: deliveryCount,
});

/**
 * A step of this member's group membership:
 * - `join`: the member starts joining (subscribe, or a rejoin);
 * - `assigned`: `partitions` were added (the eager protocol hands out the whole assignment);
 * - `revoked`: `partitions` were given up cleanly (eager: all of them, at the start of every
 *   rebalance, even none: the line also marks when this member noticed the rebalance);
 * - `lost`: `partitions` were taken away without a clean revoke (session expired, fenced);
 * - `crash` / `stop`: the member failed / left; `partitions` are those it owned.
 * `owned` is the member's whole assignment after the step. `generationId` is the classic
 * protocol's generation or the consumer protocol's member epoch, null where the client hides it.
 * In a share group (several members may own one partition at once) the steps are the member's
 * assignment as the coordinator reports it: `assigned`/`revoked` partitions added to / taken out
 * of it (no handoff: records already acquired stay so until acknowledged or their lock expires),
 * `lost` the member gone from the group while running; `generationId` is its member epoch.
 */
export const REBALANCE_TYPES = ['join', 'assigned', 'revoked', 'lost', 'crash', 'stop'] as const;
export const rebalanceLine = z.strictObject({
  k: z.literal('rebalance'),
  type: z.enum(REBALANCE_TYPES),
  at: epochMs,
  memberId: z.string(),
  generationId: z.int().nullable(),
  partitions,
  owned: partitions,
  durationMs: z.number().finite().nonnegative().nullable(),
  /** Only on `crash`: what the client reported. */
  reason: z.string().optional(),
});

export const journalLine = z.discriminatedUnion('k', [headerLine, orderLine, poisonLine, rebalanceLine]);

export type HeaderLine = z.infer<typeof headerLine>;
export type RebalanceLine = z.infer<typeof rebalanceLine>;
export type RebalanceType = RebalanceLine['type'];
export type JournalLine = z.infer<typeof journalLine>;

/** Version 1 lines had no `owned`: derive it as the eager protocol implied. */
export const legacyRebalanceLine = rebalanceLine.omit({ owned: true }).extend({ reason: z.string().optional() });
export const legacyJournalLine = z.discriminatedUnion('k', [
  orderLine.extend({ qty: z.int().positive().default(1), productId: z.int().positive().default(1) }),
  poisonLine,
  legacyRebalanceLine,
]);
