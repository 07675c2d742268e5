export { startBroker, stopBroker, brokerStatus, BROKER_DEFAULTS, type EmbeddedBroker } from './embedded.ts';
export { connectKafka, externalBrokers, type KafkaConnection } from './connection.ts';
export { ensureDistribution } from './distribution.ts';
export { runKafkaTool, resolveTool, KAFKA_TOOLS } from './tools.ts';
export { freePorts, isPortFree } from './ports.ts';
export { embeddedCluster, externalCluster, notOwned, type ClusterNodes } from './cluster.ts';
