import type { Cell, TimelineEvent } from './scenario.ts';
import type { LoadResult } from './load.ts';
import type { KafkaObservation } from './kafka-observation.ts';
import type { GroupSample, LagSample, MetadataSample } from './samples.ts';
import type { RestartStep } from './timeline/spec.ts';

/**
 * What one run of one cell leaves behind before any analysis: the plan, when things happened,
 * what the probes saw and what the load generator measured. The replicas' journals and the
 * accepted orders sit beside it as NDJSON. Everything in results/ is derived from these.
 */
export interface RawCell {
  cell: Cell;
  repeat: number;
  topic: string;
  groupId: string;
  status: 'ok' | 'failed' | 'interrupted';
  error?: string;
  /** The HarnessError code of a failure, when it had one (SERVICE_START_FAILED...). */
  errorCode?: string;
  times: CellTimes;
  timeline: ExecutedAction[];
  replicas: ReplicaRecord[];
  /** The load result without `accepted` (that goes to accepted.ndjson) and without per-period orders. */
  load?: Omit<LoadResult, 'accepted' | 'periods'> & { periods: Omit<LoadResult['periods'][number], 'accepted'>[] };
  /**
   * Runs before the observer sampled every signal once kept a second, once-a-second copy of the
   * lag and the group here; a newer record has neither: its samples are `kafka.offsets` and `kafka.group`.
   */
  lag?: LagSample[];
  group?: GroupSample[];
  /** Leaders, ISR and the group coordinator, sampled each second (absent in runs before faults existed). */
  metadata?: MetadataSample[];
  /** When a probe read failed or timed out (epoch ms), per signal (lag: the offsets reads): a gap, never a sample of 0. */
  probeFailures?: { lag: number[]; group: number[]; metadata: number[] };
  drained: boolean;
  /**
   * Present when Kafka reported no lag while accepted orders were still missing from every
   * journal: when it did (epoch ms), how many were missing then, when the journals had them all
   * (null: not before the drain's deadline) and how many never arrived.
   */
  drainJournals?: { noLagAt: number; behind: number; caughtUpAt: number | null; left: number };
  /**
   * What the cluster ran: an embedded broker's release (4.4.0), or what an external cluster
   * reports (`metadata.version 4.1-IV1`). Absent in runs before it was recorded (run.json's
   * versions.kafka says it there) and where the cluster did not say.
   */
  kafkaVersion?: string;
  /** CPU the harness process itself used (load workers, probes, timeline) over the load, in % of one core. */
  harnessCpuPercent?: number;
  /** The group as Kafka alone saw it (both kinds of system); the tap's records are in kafka-tap.ndjson. */
  kafka?: KafkaObservation;
  /** Each kill (or pause past the session timeout) the run waited to see taken over; absent in older records. */
  takeovers?: TakeoverWatch[];
}

/**
 * What a replica's end needs the run to see before its figures mean anything: another member
 * owning its partitions, which Kafka gives only after the group's session timeout. The run keeps
 * observing up to `until`, past the drain's timeout if need be; the analysis reads from the
 * group samples whether and when it happened.
 */
export interface TakeoverWatch {
  /** Index of the action in `timeline`. */
  action: number;
  sessionTimeoutMs: number;
  /** Where the session timeout came from: a setting the run passed, the group's config, or a default it assumed. */
  sessionTimeoutSource: string;
  /** How long the run was willing to observe (epoch ms): the action, the session timeout and a margin. */
  until: number;
}

/** Epoch milliseconds. */
export interface CellTimes {
  setupStart: number;
  /** Every replica in the group with its assignment. */
  ready?: number;
  loadStart?: number;
  measureFrom?: number;
  measureTo?: number;
  drainEnd?: number;
  end: number;
}

export interface ExecutedAction {
  event: TimelineEvent;
  /** When it was planned and when it was carried out (epoch ms). */
  plannedAt: number;
  executedAt?: number;
  /** The replica it concerned (added, stopped, killed or paused), by name. */
  replica?: string;
  /** The broker node it concerned (a role such as `leader` resolved when it ran). */
  node?: number;
  /** When a pause ended (SIGCONT), epoch ms. */
  resumedAt?: number;
  /** A restart's steps (restartReplica, rollingRestart). */
  steps?: RestartStep[];
  error?: string;
}

export interface ReplicaRecord {
  name: string;
  index: number;
  pid?: number;
  port?: number;
  startedAt: number;
  /** How it ended: still running at the end of the cell, SIGTERM or SIGKILL by the timeline. */
  endedBy: 'cell-end' | 'stopReplica' | 'killReplica' | 'crashed';
  endedAt?: number;
  journal: string;
  /** Each time the timeline restarted it in place (same index, port and name); pid is the new process's. */
  restarts?: ReplicaRestart[];
}

export interface ReplicaRestart {
  /** SIGTERM sent, its exit seen, the new process up (epoch ms). */
  at: number;
  exitedAt: number;
  startedAt: number;
  pid?: number;
}

/** The cell's lag samples: the once-a-second copy of an older record, else the observer's offsets. */
export function lagSamples(raw: Pick<RawCell, 'lag' | 'kafka'>): LagSample[] {
  return raw.lag ?? raw.kafka?.offsets ?? [];
}
