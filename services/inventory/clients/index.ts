import { HarnessError } from '../../../harness/model/errors.ts';
import type { ConsumerDeps, ReplicaConsumer } from './consumer.ts';

/** Loaded lazily: a replica loads one client library only. The Java client is its own JVM (main.ts). */
const IN_PROCESS_CLIENTS: Readonly<Record<string, (deps: ConsumerDeps) => Promise<ReplicaConsumer>>> = {
  kafkajs: async (deps) => new (await import('./kafkajs.ts')).KafkajsConsumer(deps),
  platformatic: async (deps) => new (await import('./platformatic.ts')).PlatformaticConsumer(deps),
};

/** The replica's consumer on the client `options.client` names; a name this process does not run is refused. */
export async function createConsumer(deps: ConsumerDeps): Promise<ReplicaConsumer> {
  const { client } = deps.options;
  const create = Object.hasOwn(IN_PROCESS_CLIENTS, client) ? IN_PROCESS_CLIENTS[client] : undefined;
  if (!create) {
    const known = Object.keys(IN_PROCESS_CLIENTS).join(', ');
    throw new HarnessError('BAD_ARGUMENT', `--client: no in-process consumer client named ${JSON.stringify(client)}; known: ${known}`);
  }
  return create(deps);
}

/** The clients this process runs itself; any other registered client runs as its own process. */
export const isInProcessClient = (name: string): boolean => Object.hasOwn(IN_PROCESS_CLIENTS, name);
