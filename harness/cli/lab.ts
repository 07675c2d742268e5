import { checkKafkaVersions } from '../broker/releases.ts';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { BROKER_DEFAULTS } from '../broker/index.ts';
import { HarnessError } from '../model/errors.ts';
import { labClientHelp } from '../clients/registry.ts';
import { LAB_DEFAULTS, formatLabStatus, labGroupProtocolHelp, labStatus, startLab, stopLab } from '../lab/index.ts';
import { EXIT, runCli, usageFail } from './main.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Relative to where the user stands when that is shorter, else absolute. */
const shown = (p: string) => {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
};

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run lab --')
    .usage(
      '$0 <start|status|stop> [options]\n\nThe lab by hand: the order service and inventory replicas in one consumer group, in the background, ' +
        'against the running broker (or one started for the lab). Then curl them, grow the topic with kafka-topics --alter, and watch the group rebalance; ' +
        'or start them in a share group (--group-type share) and watch every replica take orders from one partition.',
    )
    .command('start', 'broker if needed, topic, order service and replicas in the background; waits until the group owns every partition')
    .command('status', "who owns (a share group: shares) which partition, as the coordinator says; each replica's stock; each partition's lag")
    .command('stop', 'stop the services (SIGTERM, wait), then the broker if `lab start` started it')
    .demandCommand(1, 'name a command: start, status or stop')
    .option('replicas', { type: 'number', default: LAB_DEFAULTS.replicas, describe: 'inventory replicas in the group (ports --port+1...)' })
    .option('partitions', { type: 'number', default: LAB_DEFAULTS.partitions, describe: `partitions of ${LAB_DEFAULTS.topic} (recreated by start)` })
    // No yargs default: with only --group-protocol, start picks a client that joins that kind of group.
    .option('client', { type: 'string', describe: `${labClientHelp()} (default ${LAB_DEFAULTS.client})` })
    .option('group-protocol', {
      alias: 'group-type',
      type: 'string',
      describe: labGroupProtocolHelp(),
    })
    .option('brokers', {
      type: 'string',
      describe: 'an external Kafka (host:port,...); default KAFKA_BROKERS, else the `npm run broker` broker, else one started here',
    })
    .option('port', { type: 'number', default: LAB_DEFAULTS.firstPort, describe: "the order service's port; replica i listens on port+i" })
    .option('dir', {
      type: 'string',
      default: path.relative(process.cwd(), LAB_DEFAULTS.stateDir) || LAB_DEFAULTS.stateDir,
      describe: "where the lab keeps its pids and the services' logs",
    })
    .option('broker-dir', {
      type: 'string',
      default: path.relative(process.cwd(), BROKER_DEFAULTS.dataDir) || BROKER_DEFAULTS.dataDir,
      describe: "the embedded broker's data directory (as `npm run broker -- --data-dir`)",
    })
    .option('broker-port', { type: 'number', default: BROKER_DEFAULTS.port, describe: 'port of a broker the lab starts' })
    .option('kafka-version', {
      type: 'string',
      describe:
        'the Apache Kafka release of a broker the lab starts (default KAFKA_VERSION, else the newest pinned); a running broker of another release is refused',
    })
    .strict()
    .fail(usageFail('lab'))
    .help()
    .parseAsync();

  const command = String(argv._[0]);
  const dir = path.resolve(argv.dir);
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const kafkaVersion = argv['kafka-version'];
  if (command === 'start' && kafkaVersion !== undefined) await checkKafkaVersions([kafkaVersion], '--kafka-version');
  switch (command) {
    case 'start': {
      const started = await startLab({
        ...(kafkaVersion !== undefined ? { kafkaVersion } : {}),
        replicas: argv.replicas,
        partitions: argv.partitions,
        client: argv.client,
        groupProtocol: argv['group-protocol'],
        // yargs fills both names of an alias: the command line says which one was typed.
        groupFlag: process.argv.some((a) => a === '--group-type' || a.startsWith('--group-type=')) ? '--group-type' : '--group-protocol',
        brokers: argv.brokers,
        firstPort: argv.port,
        stateDir: dir,
        brokerDir: path.resolve(argv['broker-dir']),
        brokerPort: argv['broker-port'],
        log,
      });
      const status = await labStatus(dir);
      if (status) say(formatLabStatus(status));
      const order = started.state.services.find((s) => s.kind === 'order')!;
      const first = started.state.services.find((s) => s.kind === 'inventory')!;
      say(`logs and pids in ${shown(dir)}/; next:`);
      say(`  curl -s -XPOST ${first.url}/inventories -H 'content-type: application/json' -d '{"id":1,"stock":10}'`);
      say(`  curl -s -XPOST ${order.url}/orders -H 'content-type: application/json' -d '{"productId":1,"qty":1}'`);
      const bootstrap = started.state.bootstrapServers.split(',')[0];
      // A share group's members already share every partition: its own tool shows them, not a partition increase.
      say(
        started.state.groupProtocol === 'share'
          ? `  npm run kafka -- kafka-share-groups --bootstrap-server ${bootstrap} --describe --group ${started.state.groupId} --members`
          : `  npm run kafka -- kafka-topics --bootstrap-server ${bootstrap} --alter --topic ${started.state.topic} --partitions ${argv.partitions + 1}`,
      );
      say('  npm run lab -- status        npm run lab -- stop');
      return EXIT.ok;
    }
    case 'status': {
      const status = await labStatus(dir);
      if (!status) {
        say(`not running (no lab started from ${shown(dir)}/)`);
        return EXIT.failed;
      }
      say(formatLabStatus(status));
      return status.group && status.services.every((s) => s.up) ? EXIT.ok : EXIT.failed;
    }
    case 'stop': {
      const stopped = await stopLab(dir, { log });
      if (!stopped) {
        say(`no lab to stop (nothing started from ${shown(dir)}/)`);
        return EXIT.ok;
      }
      say(
        `stopped ${stopped.state.services.length} services${stopped.killed.length ? ` (SIGKILL after the grace period: ${stopped.killed.join(', ')})` : ''}${stopped.brokerStopped ? ' and the broker lab start had started' : `; the broker at ${stopped.state.bootstrapServers} keeps running`}`,
      );
      return EXIT.ok;
    }
    default:
      throw new HarnessError('BAD_ARGUMENT', `unknown command "${command}"`, { hint: 'one of: start, status, stop' });
  }
});
