/**
 * The system under test for one cell, as the orchestrator sees it: replicas it can add, stop,
 * kill and pause by index, whatever kind of system runs them (harness/sut/<kind>/).
 */
import type { DeclaredGroupType, WatchedGroup } from '../groups/open.ts';
import type { SessionTimeout } from '../groups/types.ts';
import type { LoadPlanInput } from '../load/plan.ts';
import type { StockReading } from '../model/kafka-observation.ts';
import type { Cell } from '../model/scenario.ts';
import type { ReplicaRecord } from '../model/raw-cell.ts';
import type { SystemCapabilities, SystemSpec } from '../model/system.ts';
import type { ServiceProcess } from './service-process.ts';

export interface Replica {
  index: number;
  name: string;
  process: ServiceProcess;
  record: ReplicaRecord;
}

export interface SystemUnderTest {
  readonly capabilities: SystemCapabilities;
  /** The order service's URL, where the kind of system runs one. */
  readonly orderUrl?: string;
  replicas: Replica[];
  /** Replicas started and not stopped or killed. */
  running(): Replica[];
  addReplica(): Promise<Replica>;
  /** `at`: when the action was taken (the timeline's clock), recorded as the replica's end. */
  stopReplica(index: number, at?: number): Promise<Replica>;
  killReplica(index: number, at?: number): Promise<Replica>;
  /**
   * SIGTERM, wait for the exit, start it again with the same index, port and name (and so the
   * same static identity). Resolves once the new process is up; whether its member has its
   * assignment again is the caller's to watch. Refused where the harness does not own the processes.
   */
  restartReplica(index: number, at?: number): Promise<Replica>;
  /** SIGSTOP a running replica; resumeReplica sends SIGCONT. */
  pauseReplica(index: number): Replica;
  resumeReplica(index: number): void;
  /** memberId -> replica name, where the harness knows which process a member is. */
  readonly members?: Map<string, string>;
  /** Each replica's stock before the load and after the drain, where the system reports it. */
  readonly stock?: StockReading[];
  stop(): Promise<void>;
}

/** The replica at `index`, running: the one rule every timeline action on a replica obeys at run time. */
export function runningReplica(replicas: readonly (Replica | undefined)[], index: number): Replica {
  const replica = replicas[index];
  if (!replica) throw new Error(`there is no replica ${index} (started: ${replicas.length})`);
  if (!replica.process.isRunning()) throw new Error(`${replica.name} is not running`);
  return replica;
}

/** What differs between the kinds of system in one cell's phases (harness/sut/kinds.ts finds one by name). */
export interface CellNames {
  topic: string;
  groupId: string;
  /** The run creates the topic, so it deletes it at the end; a topic that was there is never deleted. */
  ownsTopic: boolean;
}

export interface SystemStart {
  brokers: string;
  /** The Kafka release the Java replica's kafka-clients comes from (the embedded broker's). */
  clientsVersion?: string;
  topic: string;
  groupId: string;
  /** Where logs and journals go (the cell's raw folder). */
  dir: string;
  group: WatchedGroup;
  signal: AbortSignal;
}

export interface SystemKind<S extends SystemSpec = SystemSpec> {
  readonly kind: S['kind'];
  names(cell: Cell, spec: S, runId: string, repeat: number): CellNames;
  /** The kind of group the replicas are said to join, and where it is said; undefined: found from Kafka. */
  groupType(cell: Cell, spec: S): DeclaredGroupType | undefined;
  /** The replicas' own session timeout, where the run set or was told it (a classic group's members choose it). */
  clientSessionTimeout(cell: Cell, spec: S): SessionTimeout | undefined;
  start(cell: Cell, spec: S, o: SystemStart): Promise<SystemUnderTest>;
  /** The load's target: the order service, the system's order URL, or the topic itself. */
  loadTarget(cell: Cell, spec: S, system: SystemUnderTest, brokers: string[], topic: string): Pick<LoadPlanInput, 'url' | 'body' | 'kafka'>;
}

/** pauseReplica and resumeReplica, the same for every kind of system: SIGSTOP and SIGCONT of the replica's process. */
export function pausing(replicas: readonly (Replica | undefined)[]): Pick<SystemUnderTest, 'pauseReplica' | 'resumeReplica'> {
  return {
    pauseReplica(index) {
      const replica = runningReplica(replicas, index);
      replica.process.pause();
      return replica;
    },
    resumeReplica: (index) => replicas[index]?.process.resume(),
  };
}
