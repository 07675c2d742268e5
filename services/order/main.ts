import { Partitioners } from 'kafkajs';
import { cliParser, log, onShutdownSignal, printReady, runService } from '../shared/cli.ts';
import { closeServer, listen } from '../shared/http.ts';
import { connectOrExplain, createKafka } from '../shared/kafka.ts';
import { declareOrderFlags, resolveOrderOptions } from './options.ts';
import { platformaticSender } from './producer-platformatic.ts';
import { BatchingPublisher } from './publisher.ts';
import { createOrderServer } from './server.ts';

runService('order', async () => {
  const cli = declareOrderFlags(cliParser(process.argv, 'npm run service:order -- [--port 8081] [--brokers host:port] [--topic labshoppubsub]', 'ORDER'));
  const options = resolveOrderOptions(await cli.parseAsync(), process.env);

  const producer =
    options.client === 'platformatic'
      ? platformaticSender({
          clientId: 'order-service',
          brokers: options.brokers,
          metadataMaxAgeMs: options.metadataMaxAgeMs,
          requestTimeoutMs: options.requestTimeoutMs,
        })
      : createKafka({ service: 'order', clientId: 'order-service', brokers: options.brokers, requestTimeoutMs: options.requestTimeoutMs }).producer({
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: false,
          metadataMaxAge: options.metadataMaxAgeMs,
          // Short backoff: the HTTP deadline, not kafkajs, decides when an order gives up.
          retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 },
        });
  await connectOrExplain(producer, options.brokers);

  const publisher = new BatchingPublisher(producer, options);
  const server = createOrderServer(options, publisher);
  const port = await listen(server, options.port, options.host);
  log('order', `listening on http://${options.host}:${port}, topic ${options.topic}, key ${options.key}, acks ${options.acks}, client ${options.client}`);
  printReady('order', port);

  onShutdownSignal('order', async () => {
    const closing = closeServer(server);
    await publisher.close();
    // Answers to the last flushed orders are written in the ticks after their promises settle.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await closing;
    await ('disconnect' in producer ? producer.disconnect() : producer.close());
  });
});
