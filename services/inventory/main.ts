import { formatError } from '../../harness/model/errors.ts';
import { cliParser, log, onShutdownSignal, printReady, runService } from '../shared/cli.ts';
import { closeServer, listen } from '../shared/http.ts';
import { connectOrExplain } from '../shared/kafka.ts';
import { createConsumer, isInProcessClient } from './clients/index.ts';
import { JournalWriter } from './journal-writer.ts';
import { Membership } from './membership.ts';
import { declareInventoryFlags, resolveInventoryOptions } from './options.ts';
import { RecordProcessor } from './records.ts';
import { ReplicaState } from './replica-state.ts';
import { createInventoryServer } from './server.ts';
import { createStore } from './stores/index.ts';

runService('inventory', async () => {
  const cli = declareInventoryFlags(
    cliParser(process.argv, 'npm run service:inventory -- [--client <name>] [--port 8082] [--group inventory] [--store memory|postgres]', 'INVENTORY'),
  );
  const options = resolveInventoryOptions(await cli.parseAsync(), process.env);
  if (!isInProcessClient(options.client)) {
    const { runOwnProcessClient } = await import('./own-process-client.ts');
    return runOwnProcessClient(options.client, process.argv.slice(2));
  }

  const store = await createStore(options);
  await store.init();
  const state = new ReplicaState(options.groupId, options.topic);
  const server = createInventoryServer(store, state);
  const port = await listen(server, options.port, options.host);
  state.replica = options.name ?? `inventory-${port}`;
  const journal = new JournalWriter(options.journal, {
    replica: state.replica,
    client: options.client,
    groupProtocol: options.groupProtocol,
    assignor: options.assignor,
    pid: process.pid,
    at: Date.now(),
  });

  const consumer = await createConsumer({
    options,
    state,
    records: new RecordProcessor(options, store, journal, state),
    membership: new Membership(state, journal, options.topic),
    onFatal: (err) => {
      log('inventory', `${formatError(err)}; the consumer stopped for good, exiting`);
      process.exit(1);
    },
  });
  await connectOrExplain(consumer, options.brokers);
  log(
    'inventory',
    `${state.replica} listening on http://${options.host}:${port}, group ${options.groupId}, topic ${options.topic}, store ${options.store}, client ${options.client} (${options.groupProtocol}, ${options.assignor})`,
  );
  printReady('inventory', port);

  onShutdownSignal('inventory', async () => {
    await consumer.stop();
    await closeServer(server);
    await store.close();
    journal.close();
  });

  consumer.start().catch((err: unknown) => {
    log('inventory', `${formatError(err)}; the consumer could not start, exiting`);
    process.exit(1);
  });
});
