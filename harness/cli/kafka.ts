import { resolveTool, runKafkaTool, KAFKA_TOOLS } from '../broker/index.ts';
import { HarnessError } from '../model/errors.ts';
import { runCli } from './main.ts';

/**
 * `npm run kafka -- kafka-topics --bootstrap-server ...`: Kafka's own CLI tools, word for word,
 * from the embedded broker's jars. Arguments pass through untouched, so no yargs here.
 */
runCli(async () => {
  const [tool, ...args] = process.argv.slice(2);
  if (!tool || tool === '--help' || tool === '-h') {
    process.stdout.write(`usage: npm run kafka -- <tool> [args]\ntools: ${Object.keys(KAFKA_TOOLS).join(', ')}\n`);
    if (!tool) throw new HarnessError('BAD_ARGUMENT', 'name a Kafka tool, for example kafka-topics');
    return 0;
  }
  resolveTool(tool);
  const run = await runKafkaTool(tool, args, { inherit: true });
  return run.code;
});
