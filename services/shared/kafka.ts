import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { HarnessError } from '../../harness/model/errors.ts';
import type { FlagProblems } from './flags.ts';
import { log, type ServiceName } from './cli.ts';

export const DEFAULT_BROKERS = '127.0.0.1:9092';
export const DEFAULT_TOPIC = 'labshoppubsub';

const HOST_PORT = /^[A-Za-z0-9._-]+:\d{1,5}$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** `--brokers` wins over `KAFKA_BROKERS`, which wins over the lab's 127.0.0.1:9092. */
export function brokersFrom(flag: unknown, env: NodeJS.ProcessEnv, problems: FlagProblems): string[] {
  const raw = flag ?? env.KAFKA_BROKERS ?? DEFAULT_BROKERS;
  const list =
    typeof raw === 'string'
      ? raw
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
      : [];
  if (list.length === 0 || !list.every((b) => HOST_PORT.test(b))) {
    problems.add('brokers', 'a comma-separated list of host:port (or KAFKA_BROKERS)', raw);
  }
  return list;
}

export function topicFrom(flag: unknown, problems: FlagProblems): string {
  return problems.text('topic', flag, { pattern: TOPIC, expected: 'a Kafka topic name (letters, digits, . _ -)' });
}

export interface KafkaClientOptions {
  service: ServiceName;
  clientId: string;
  brokers: string[];
  /** How long one request to the broker may take before kafkajs gives up on it. */
  requestTimeoutMs?: number;
  /** Sees every kafkajs log entry (debug included); used to read what instrumentation lacks. */
  tap?: (entry: LogEntry) => void;
}

/** kafkajs logs these as errors although they are the normal course of a rebalance. */
const ROUTINE = ['The group is rebalancing, so a rejoin is needed'];

/**
 * A kafkajs client that stays quiet: only kafkajs errors reach stderr, each distinct message at
 * most once per 10 s (a broker outage would otherwise print a line per retry).
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const lastPrinted = new Map<string, number>();
  const printError = (entry: LogEntry): void => {
    if (ROUTINE.some((r) => entry.log.message.includes(r))) return;
    const text = `kafka: ${entry.log.message}${entry.log.error ? ` (${String(entry.log.error)})` : ''}`;
    const now = Date.now();
    if ((lastPrinted.get(text) ?? 0) + 10_000 > now) return;
    lastPrinted.set(text, now);
    log(options.service, text);
  };
  const tap = options.tap;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: Math.min(3_000, options.requestTimeoutMs ?? 3_000),
    logLevel: tap ? logLevel.DEBUG : logLevel.ERROR,
    logCreator: () => (entry) => {
      tap?.(entry);
      if (entry.level === logLevel.ERROR) printError(entry);
    },
  });
}

/** Every error in a kafkajs error chain (kafkajs nests them in `originalError` and `cause`). */
export function errorChain(err: unknown): Array<{ name?: string; type?: string; message?: string }> {
  const chain: Array<{ name?: string; type?: string; message?: string }> = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && chain.length < 10) {
    const e = current as { name?: string; type?: string; message?: string; originalError?: unknown; cause?: unknown };
    chain.push(e);
    current = e.originalError ?? e.cause;
  }
  return chain;
}

export function hasErrorType(err: unknown, type: string): boolean {
  return errorChain(err).some((e) => e.type === type);
}

/** Connects a kafkajs client, or explains in one line that the broker is not there. */
export async function connectOrExplain(client: { connect(): Promise<void> }, brokers: readonly string[]): Promise<void> {
  try {
    await client.connect();
  } catch (err) {
    throw new HarnessError('BROKER_UNREACHABLE', `cannot reach the broker at ${brokers.join(',')}: ${errorChain(err).at(-1)?.message ?? String(err)}`, {
      hint: 'start a broker first (`npm run broker -- start`, or the whole lab with `npm run lab -- start`) or pass --brokers / KAFKA_BROKERS',
      cause: err,
    });
  }
}
