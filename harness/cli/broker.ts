import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BROKER_DEFAULTS, brokerStatus, ensureDistribution, startBroker, stopBroker } from '../broker/index.ts';
import { DEFAULT_KAFKA_VERSION } from '../broker/distribution.ts';
import { checkKafkaVersions } from '../broker/releases.ts';
import { HarnessError } from '../model/errors.ts';
import { runCli, usageFail } from './main.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run broker --')
    .usage('$0 <start|status|stop|logs> [options]\n\nAn embedded Apache Kafka (KRaft) broker from the Maven Central artifacts.')
    .command('start', 'fetch Kafka (once), format storage and start the broker in the background')
    .command('status', 'show whether the embedded broker runs, and where')
    .command('stop', 'stop the processes that `start` started and wait for them to exit')
    .command('logs', "print the last lines of each node's server log")
    .command('fetch', 'only fetch the Kafka jars from Maven Central (once; start does it too)')
    .demandCommand(1, 'name a command: start, status, stop or logs')
    .option('nodes', { type: 'number', default: BROKER_DEFAULTS.nodes, describe: 'combined broker+controller nodes (3 = a replicated KRaft quorum)' })
    .option('port', {
      type: 'number',
      default: BROKER_DEFAULTS.port,
      describe: 'first broker port (controller = port+1, next node = port+2...); 0 picks free ports',
    })
    .option('data-dir', { type: 'string', default: BROKER_DEFAULTS.dataDir, describe: 'where logs, data and state live' })
    .option('heap', { type: 'number', default: BROKER_DEFAULTS.heapMb, describe: 'JVM heap per node, MiB' })
    .option('fresh', { type: 'boolean', default: false, describe: 'wipe the data directory first' })
    .option('kafka-version', {
      type: 'string',
      default: process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
      describe: 'start/fetch: the Apache Kafka release (4.0.0 or newer, as Maven Central serves it); default KAFKA_VERSION, else the newest pinned',
    })
    .option('ready-timeout', { type: 'number', default: BROKER_DEFAULTS.readyTimeoutMs / 1000, describe: 'seconds to wait for the broker to answer' })
    .option('lines', { alias: 'n', type: 'number', default: 40, describe: 'logs: lines per node' })
    .strict()
    .fail(usageFail('broker'))
    .help()
    .parseAsync();

  const command = String(argv._[0]);
  const dataDir = path.resolve(argv['data-dir']);
  const kafkaVersion = argv['kafka-version'];
  if (command === 'start' || command === 'fetch') await checkKafkaVersions([kafkaVersion], '--kafka-version');
  switch (command) {
    case 'start': {
      const broker = await startBroker({
        kafkaVersion,
        nodes: argv.nodes,
        port: argv.port,
        dataDir,
        heapMb: argv.heap,
        fresh: argv.fresh,
        detached: true,
        readyTimeoutMs: argv['ready-timeout'] * 1000,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      say(
        `Kafka ${broker.version} (KRaft, ${broker.layout.nodes.length} node${broker.layout.nodes.length > 1 ? 's' : ''}) ready at ${broker.bootstrapServers}`,
      );
      say(
        `started in ${(broker.startMs / 1000).toFixed(1)} s${broker.fetchMs ? ` (fetching the jars took another ${(broker.fetchMs / 1000).toFixed(1)} s)` : ''}; pids ${broker.pids().join(', ')}; data in ${dataDir}`,
      );
      say('stop it with `npm run broker -- stop`');
      return 0;
    }
    case 'fetch': {
      const dist = ensureDistribution({ version: kafkaVersion, log: (l) => process.stderr.write(`${l}\n`) });
      say(
        dist.fetchedNow
          ? `fetched Apache Kafka ${dist.version} in ${(dist.fetchMs / 1000).toFixed(1)} s into ${dist.libs}`
          : `Apache Kafka ${dist.version} is already in ${dist.libs}`,
      );
      return 0;
    }
    case 'status': {
      const status = brokerStatus(dataDir);
      const alive = status ? Object.values(status.alive).filter(Boolean).length : 0;
      if (!status || alive === 0) {
        say(`not running (data dir ${dataDir})`);
        return 1;
      }
      say(`running: ${status.state.bootstrapServers} (Kafka ${status.state.version}, since ${status.state.startedAt})`);
      for (const [id, up] of Object.entries(status.alive)) say(`  node ${id}: pid ${status.state.pids[id]} ${up ? 'up' : 'DOWN'}`);
      return alive === Object.keys(status.alive).length ? 0 : 1;
    }
    case 'stop': {
      const stopped = await stopBroker(dataDir);
      say(stopped ? `stopped the broker at ${stopped.bootstrapServers}` : `no broker to stop (data dir ${dataDir})`);
      return 0;
    }
    case 'logs': {
      const nodes = readdirNodes(dataDir);
      if (nodes.length === 0)
        throw new HarnessError('BROKER_NOT_RUNNING', `no broker logs under ${dataDir}`, { hint: 'start one with `npm run broker -- start`' });
      for (const node of nodes) {
        const file = path.join(dataDir, node, 'server.log');
        say(`==> ${file} <==`);
        const lines = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n') : [];
        say(lines.slice(-argv.lines).join('\n'));
      }
      return 0;
    }
    default:
      throw new HarnessError('BAD_ARGUMENT', `unknown command "${command}"`, { hint: 'one of: start, status, stop, logs, fetch' });
  }
});

function readdirNodes(dataDir: string): string[] {
  const nodes: string[] = [];
  for (let i = 1; i <= 9; i++) if (existsSync(path.join(dataDir, `node-${i}`))) nodes.push(`node-${i}`);
  return nodes;
}
