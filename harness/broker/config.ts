/**
 * server.properties for one combined broker+controller node, after config/server.properties of
 * Kafka 4.1 with what a single machine needs: replication factors that fit the node count, no
 * initial rebalance delay (a benchmark must not hide 3 s in every first join), and a small log
 * cleaner buffer so the heap can be small.
 */
export interface NodeLayout {
  nodeId: number;
  brokerPort: number;
  controllerPort: number;
  dir: string;
}

export interface ClusterLayout {
  host: string;
  nodes: NodeLayout[];
}

export function bootstrapServers(layout: ClusterLayout): string {
  return layout.nodes.map((n) => `${layout.host}:${n.brokerPort}`).join(',');
}

export function serverProperties(layout: ClusterLayout, node: NodeLayout, overrides: Record<string, string> = {}): string {
  const { host } = layout;
  const replication = String(Math.min(3, layout.nodes.length));
  const minIsr = layout.nodes.length >= 3 ? '2' : '1';
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(node.nodeId),
    // A static voter set: nothing to generate per node, and the same for one node or three.
    'controller.quorum.voters': layout.nodes.map((n) => `${n.nodeId}@${host}:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://${host}:${node.brokerPort},CONTROLLER://${host}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${node.brokerPort},CONTROLLER://${host}:${node.controllerPort}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': `${node.dir}/data`,
    'num.partitions': '1',
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': '0',
    // KIP-848 groups: the default heartbeat (5 s) stays, but a scenario may set a group's own
    // consumer.heartbeat.interval.ms / session timeout below the broker's minimums (5 s / 45 s).
    'group.consumer.min.heartbeat.interval.ms': '500',
    'group.consumer.min.session.timeout.ms': '6000',
    // Share groups (KIP-932): the same, for the group configs share.session.timeout.ms (min 45 s),
    // share.heartbeat.interval.ms (min 5 s) and share.record.lock.duration.ms (min 15 s). The
    // broker's defaults stay (45 s / 5 s / 30 s); a test or scenario may go lower for one group.
    'group.share.min.session.timeout.ms': '6000',
    'group.share.min.heartbeat.interval.ms': '500',
    'group.share.min.record.lock.duration.ms': '1000',
    'log.cleaner.dedupe.buffer.size': String(8 * 1024 * 1024),
    'auto.create.topics.enable': 'false',
    ...overrides,
  };
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
    .concat('\n');
}

/** A .properties log4j2 config needs no YAML parser; the broker's log goes to one file per node. */
export function brokerLog4j(logFile: string): string {
  return [
    'status = error',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request logger and the state-change logger are chatty and say nothing a benchmark needs.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.statechange.name = state.change.logger',
    'logger.statechange.level = WARN',
    '',
  ].join('\n');
}

/** Kafka's CLI tools log only warnings, to stderr, so their stdout stays what the lab shows. */
export function toolsLog4j(): string {
  return [
    'status = error',
    'appender.stderr.type = Console',
    'appender.stderr.name = STDERR',
    'appender.stderr.target = SYSTEM_ERR',
    'appender.stderr.layout.type = PatternLayout',
    'appender.stderr.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = WARN',
    'rootLogger.appenderRef.stderr.ref = STDERR',
    '',
  ].join('\n');
}
