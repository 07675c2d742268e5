import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toolsLog4j } from './config.ts';
import type { KafkaDistribution } from './distribution.ts';
import type { JavaRuntime } from './java.ts';

let toolsLogConfig: string | undefined;

/** Kafka's tools log warnings to stderr only, as the shipped tools-log4j2 config does. */
export function toolsLogConfigFile(): string {
  if (!toolsLogConfig) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-tools-'));
    toolsLogConfig = path.join(dir, 'tools-log4j2.properties');
    writeFileSync(toolsLogConfig, toolsLog4j());
  }
  return toolsLogConfig;
}

/** quickStart trades peak speed for start-up time: right for admin tools, wrong for perf tools. */
export function javaArgs(dist: KafkaDistribution, mainClass: string, args: string[], quickStart = true): string[] {
  const jit = quickStart ? ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'] : ['-XX:+UseG1GC'];
  return ['-Xmx512m', ...jit, `-Dlog4j2.configurationFile=${toolsLogConfigFile()}`, '-cp', dist.classpath, mainClass, ...args];
}

/** Runs a Kafka main class to completion and collects what it printed. */
export function runJava(
  java: JavaRuntime,
  dist: KafkaDistribution,
  mainClass: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(java.executable, javaArgs(dist, mainClass, args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr, output: stdout + stderr }));
  });
}
