/**
 * The system under test for one cell, as the orchestrator sees it: replicas it can add, stop,
 * kill and pause by index, whatever kind of system runs them (harness/sut/<kind>/).
 */
import type { StockReading } from '../model/kafka-observation.ts';
import type { ReplicaRecord } from '../model/raw-cell.ts';
import type { SystemCapabilities } from '../model/system.ts';
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
