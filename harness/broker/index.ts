export { startBroker, stopBroker, brokerStatus, nodeLogTail, BROKER_DEFAULTS, type BrokerOptions, type EmbeddedBroker } from './embedded.ts';
export { connectKafka, externalBrokers, parseBrokerList, type KafkaConnection } from './connection.ts';
export { ensureDistribution, DEFAULT_KAFKA_VERSION, type KafkaDistribution } from './distribution.ts';
export { findJava, parseJavaMajor, MIN_JAVA_MAJOR } from './java.ts';
export { runKafkaTool, resolveTool, KAFKA_TOOLS } from './tools.ts';
export { freePorts, isPortFree } from './ports.ts';
export { bootstrapServers, type ClusterLayout, type NodeLayout } from './config.ts';
export { embeddedCluster, externalCluster, notOwned, resolveRole, type ClusterNodes, type RoleTarget } from './cluster.ts';
