/**
 * Kafka's own console consumers as a user's replicas: `java` directly (not a wrapper script), so a
 * SIGKILL reaches the consumer itself, from the default release's jars; {brokers} {topic} {group}
 * are the harness's placeholders. `props` go as --consumer-property (share: --command-property).
 */
const JVM = ['java', '-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', 'kafka/.dist/4.4.0/libs/*'];
const TARGET = ['--bootstrap-server', '{brokers}', '--topic', '{topic}', '--group', '{group}'];

export const consoleConsumerArgv = (props: Record<string, string>, extra: readonly string[] = []): string[] => [
  ...JVM,
  'org.apache.kafka.tools.consumer.ConsoleConsumer',
  ...TARGET,
  ...extra,
  ...Object.entries(props).flatMap(([k, v]) => ['--consumer-property', `${k}=${v}`]),
];

export const consoleShareConsumerArgv = (props: Record<string, string>): string[] => [
  ...JVM,
  'org.apache.kafka.tools.consumer.ConsoleShareConsumer',
  ...TARGET,
  ...Object.entries(props).flatMap(([k, v]) => ['--command-property', `${k}=${v}`]),
];
