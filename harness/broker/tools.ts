import { spawn } from 'node:child_process';
import { HarnessError } from '../model/errors.ts';
import { ensureDistribution } from './distribution.ts';
import { findJava } from './java.ts';
import { javaArgs } from './jvm.ts';

/** Kafka's shell scripts, by the names the lab and Kafka's docs use, and the class each one runs. */
export const KAFKA_TOOLS: Record<string, { mainClass: string; perf?: boolean }> = {
  'kafka-topics': { mainClass: 'org.apache.kafka.tools.TopicCommand' },
  'kafka-consumer-groups': { mainClass: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand' },
  'kafka-producer-perf-test': { mainClass: 'org.apache.kafka.tools.ProducerPerformance', perf: true },
  'kafka-consumer-perf-test': { mainClass: 'org.apache.kafka.tools.ConsumerPerformance', perf: true },
  'kafka-e2e-latency': { mainClass: 'org.apache.kafka.tools.EndToEndLatency', perf: true },
  'kafka-console-producer': { mainClass: 'org.apache.kafka.tools.ConsoleProducer' },
  'kafka-console-consumer': { mainClass: 'org.apache.kafka.tools.consumer.ConsoleConsumer' },
  'kafka-share-groups': { mainClass: 'org.apache.kafka.tools.consumer.group.ShareGroupCommand' },
  'kafka-console-share-consumer': { mainClass: 'org.apache.kafka.tools.consumer.ConsoleShareConsumer' },
  'kafka-configs': { mainClass: 'kafka.admin.ConfigCommand' },
  'kafka-get-offsets': { mainClass: 'org.apache.kafka.tools.GetOffsetShell' },
  'kafka-metadata-quorum': { mainClass: 'org.apache.kafka.tools.MetadataQuorumCommand' },
  'kafka-leader-election': { mainClass: 'org.apache.kafka.tools.LeaderElectionCommand' },
  'kafka-reassign-partitions': { mainClass: 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand' },
  'kafka-storage': { mainClass: 'kafka.tools.StorageTool' },
  'kafka-dump-log': { mainClass: 'kafka.tools.DumpLogSegments' },
};

export function resolveTool(name: string): { name: string; mainClass: string; perf: boolean } {
  // `kafka-topics.sh` (Apache's tarball) and `kafka-topics` (Confluent's images, the lab) are one tool.
  const bare = name.replace(/\.sh$/, '');
  const tool = KAFKA_TOOLS[bare];
  if (!tool) {
    throw new HarnessError('UNKNOWN_TOOL', `unknown Kafka tool "${name}"`, {
      hint: `one of: ${Object.keys(KAFKA_TOOLS).join(', ')}`,
    });
  }
  return { name: bare, mainClass: tool.mainClass, perf: tool.perf ?? false };
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of Kafka's CLI tools from the same jars as the embedded broker. With `inherit` the
 * tool talks to the terminal (the `npm run kafka` case); otherwise its output is collected.
 */
export function runKafkaTool(name: string, args: string[], options: { inherit?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ToolRun> {
  const tool = resolveTool(name);
  const java = findJava(options.env);
  const dist = ensureDistribution({ env: options.env, log: (l) => process.stderr.write(`${l}\n`) });
  return new Promise((resolve, reject) => {
    const child = spawn(java.executable, javaArgs(dist, tool.mainClass, args, !tool.perf), {
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
