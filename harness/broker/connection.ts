import { HarnessError } from '../model/errors.ts';
import { embeddedCluster, externalCluster, type ClusterNodes } from './cluster.ts';
import { BROKER_DEFAULTS, brokerStatus, startBroker, type BrokerOptions, type EmbeddedBroker } from './embedded.ts';

/**
 * The one place the harness reaches Kafka: an external cluster when --brokers or KAFKA_BROKERS
 * names one (then nothing is started and no Java is needed), else an embedded broker.
 */
export interface KafkaConnection {
  bootstrapServers: string;
  /** external: --brokers/KAFKA_BROKERS; embedded-shared: the broker `npm run broker -- start` left running; embedded-run: started for this run. */
  mode: 'external' | 'embedded-shared' | 'embedded-run';
  external: boolean;
  kafkaVersion: string;
  embedded?: EmbeddedBroker;
  /** The nodes a fault can touch: only a broker this process started is ours to stop or pause. */
  cluster: ClusterNodes;
  /** Stops what we started; leaves an external cluster alone. */
  release(): Promise<void>;
}

export function parseBrokerList(value: string, source: string): string[] {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const bad = brokers.filter((b) => !/^[A-Za-z0-9._\-[\]:]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || bad.length > 0) {
    throw new HarnessError('BAD_ARGUMENT', `${source} must be a comma-separated list of host:port, got "${value}"`, {
      hint: 'for example --brokers 127.0.0.1:9092 or KAFKA_BROKERS=kafka-1:9092,kafka-2:9092',
    });
  }
  return brokers;
}

export function externalBrokers(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (flag !== undefined && flag !== '') return parseBrokerList(flag, '--brokers');
  if (env.KAFKA_BROKERS) return parseBrokerList(env.KAFKA_BROKERS, 'KAFKA_BROKERS');
  return undefined;
}

export async function connectKafka(
  options: {
    brokers?: string;
    env?: NodeJS.ProcessEnv;
    sharedDataDir?: string;
    embedded?: BrokerOptions;
    /** Start a cluster of our own even when the shared broker runs (a run that needs N nodes or stops them). */
    own?: boolean;
    /** The release asked for: the shared broker serves only when it runs that one. */
    kafkaVersion?: string;
  } = {},
): Promise<KafkaConnection> {
  const external = externalBrokers(options.brokers, options.env);
  if (external) {
    const bootstrapServers = external.join(',');
    return {
      bootstrapServers,
      mode: 'external',
      external: true,
      kafkaVersion: 'external',
      cluster: externalCluster(bootstrapServers),
      release: async () => {},
    };
  }
  const shared = options.own ? undefined : brokerStatus(options.sharedDataDir ?? BROKER_DEFAULTS.dataDir);
  const sharedFits = shared !== undefined && (options.kafkaVersion === undefined || shared.state.version === options.kafkaVersion);
  if (shared && sharedFits && Object.values(shared.alive).every(Boolean)) {
    const bootstrapServers = shared.state.bootstrapServers;
    return {
      bootstrapServers,
      mode: 'embedded-shared',
      external: false,
      kafkaVersion: shared.state.version,
      cluster: externalCluster(bootstrapServers),
      release: async () => {},
    };
  }
  const embedded = await startBroker({ ...options.embedded, ...(options.kafkaVersion ? { kafkaVersion: options.kafkaVersion } : {}) });
  return {
    bootstrapServers: embedded.bootstrapServers,
    mode: 'embedded-run',
    external: false,
    kafkaVersion: embedded.version,
    embedded,
    cluster: embeddedCluster(embedded),
    release: () => embedded.stop(),
  };
}
