import { HarnessError } from '../../../harness/model/errors.ts';
import type { ConsumerClientName } from '../../../harness/model/journal.ts';
import type { ConsumerDeps, ReplicaConsumer } from './consumer.ts';

type InProcessClient = Exclude<ConsumerClientName, 'java'>;

/** Loaded lazily: a replica loads one client library only. The Java client is its own JVM (main.ts). */
const IN_PROCESS_CLIENTS: Record<InProcessClient, (deps: ConsumerDeps) => Promise<ReplicaConsumer>> = {
  kafkajs: async (deps) => new (await import('./kafkajs.ts')).KafkajsConsumer(deps),
  platformatic: async (deps) => new (await import('./platformatic.ts')).PlatformaticConsumer(deps),
};

/** The replica's consumer on the client `options.client` names; a name this process does not run is refused. */
export async function createConsumer(deps: ConsumerDeps): Promise<ReplicaConsumer> {
  const { client } = deps.options;
  if (!Object.hasOwn(IN_PROCESS_CLIENTS, client)) {
    const known = Object.keys(IN_PROCESS_CLIENTS).join(', ');
    throw new HarnessError('BAD_ARGUMENT', `--client: no in-process consumer client named ${JSON.stringify(client)}; known: ${known}`);
  }
  return IN_PROCESS_CLIENTS[client as InProcessClient](deps);
}
