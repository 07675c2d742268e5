import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { distributionPaths, ensureDistribution, isFetched, type DistributionPaths } from '../../broker/distribution.ts';
import { HarnessError } from '../../model/errors.ts';
import { repoRoot } from '../../paths.ts';

/**
 * The Java inventory replica (services/inventory-java, kafka-clients): compiled once per source
 * hash with javac into kafka/.dist/<version>/inventory-java/<hash>/ (git-ignored), then run as
 * its own JVM. Starting a replica never runs Maven: the jars come from `npm run broker -- fetch`.
 */
export const JAVA_REPLICA_MAIN = 'bench.inventory.InventoryReplica';
export const JAVA_REPLICA_SOURCES = path.join(repoRoot, 'services', 'inventory-java');

/**
 * One replica per JVM, several per machine: a serial-GC heap that starts small and grows only as
 * needed, C1 only, no hsperfdata file. Measured here (2 cores) against the default flags and a
 * C2 variant: C1 starts ~0.5 s sooner, holds ~25 MiB less and drained 200k queued orders faster
 * (about 32k/s against 28k/s), since C2's compiling competes with the replica for the cores.
 */
export const JAVA_REPLICA_JVM_FLAGS = ['-Xms16m', '-Xmx192m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-XX:-UsePerfData'];

/** The jars of libs/ the replica needs (the client, its compression codecs, JSON, logging); the rest is the broker's. */
const LIB_JARS = [
  'kafka-clients',
  'lz4-java',
  'snappy-java',
  'zstd-jni',
  'jackson-core',
  'jackson-databind',
  'jackson-annotations',
  'slf4j-api',
  'log4j-api',
  'log4j-core',
  'log4j-slf4j-impl',
];
const LOG_CONFIG = 'log4j2.properties';
const FETCH_HINT = 'run `npm run broker -- fetch` once (it fetches the Kafka jars and the PostgreSQL driver from Maven Central)';
const JDK_HINT = 'install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to one';

export interface JavaReplicaCommand {
  command: string;
  args: string[];
}

const builds = new Map<string, Promise<string>>();

/** `java <JVM flags> -cp <classes:jars> bench.inventory.InventoryReplica <flags>`, compiling first if needed. */
export async function javaReplicaCommand(
  flags: string[],
  options: { env?: NodeJS.ProcessEnv; kafkaVersion?: string | undefined } = {},
): Promise<JavaReplicaCommand> {
  const env = options.env ?? process.env;
  const dist = distributionPaths({ env, ...(options.kafkaVersion ? { version: options.kafkaVersion } : {}) });
  // A release the broker does not run (the consumer's kafkaClientsVersion) is fetched once, here.
  if (options.kafkaVersion && !isFetched(dist.libs)) ensureDistribution({ env, version: options.kafkaVersion });
  const jars = replicaJars(dist);
  const classes = await compiled(dist, jars, env);
  return {
    command: jdkTool(env, 'java'),
    args: [
      ...JAVA_REPLICA_JVM_FLAGS,
      `-Dlog4j2.configurationFile=${path.join(classes, LOG_CONFIG)}`,
      '-cp',
      [classes, ...jars].join(path.delimiter),
      JAVA_REPLICA_MAIN,
      ...flags,
    ],
  };
}

/** The replica's classpath jars, in the order given; a missing one names the fetch command. */
export function replicaJars(dist: DistributionPaths): string[] {
  if (!isFetched(dist.libs) || !isFetched(dist.replicaLibs)) {
    throw new HarnessError(
      'SERVICE_START_FAILED',
      `the Java replica's jars are not in ${isFetched(dist.libs) ? dist.replicaLibs : dist.libs} (Kafka ${dist.version})`,
      { hint: FETCH_HINT },
    );
  }
  const libs = readdirSync(dist.libs);
  const jars: string[] = [];
  for (const name of LIB_JARS) {
    const jar = libs.find((f) => f.endsWith('.jar') && f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)));
    if (!jar)
      throw new HarnessError('SERVICE_START_FAILED', `the Java replica needs ${name}-<version>.jar, which is not in ${dist.libs}`, { hint: FETCH_HINT });
    jars.push(path.join(dist.libs, jar));
  }
  const extra = readdirSync(dist.replicaLibs)
    .filter((f) => f.endsWith('.jar'))
    .sort();
  if (!extra.some((f) => f.startsWith('postgresql-'))) {
    throw new HarnessError('SERVICE_START_FAILED', `the PostgreSQL driver is not in ${dist.replicaLibs}`, { hint: FETCH_HINT });
  }
  return [...jars, ...extra.map((f) => path.join(dist.replicaLibs, f))];
}

/** The sources and the log config, in a stable order: what the build's hash covers. */
function sourceFiles(): string[] {
  return readdirSync(JAVA_REPLICA_SOURCES)
    .filter((f) => f.endsWith('.java') || f === LOG_CONFIG)
    .sort()
    .map((f) => path.join(JAVA_REPLICA_SOURCES, f));
}

/** The classes folder for these sources and jars; built once, shared by every replica started after. */
function compiled(dist: DistributionPaths, jars: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const files = sourceFiles();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${path.basename(file)}\0${readFileSync(file, 'utf8')}\0`);
  for (const jar of jars) hash.update(`${path.basename(jar)}\0`);
  const target = path.join(dist.dir, 'inventory-java', hash.digest('hex').slice(0, 16));
  if (existsSync(target)) return Promise.resolve(target);
  let build = builds.get(target);
  if (!build) {
    build = compile(target, files, jars, env);
    builds.set(target, build);
    build.catch(() => builds.delete(target));
  }
  return build;
}

/**
 * javac into a temporary sibling, then one rename: a folder named after the hash is always
 * complete, and of two replicas (or harness processes) building at once the second to finish
 * finds the folder there and drops its own copy.
 */
async function compile(target: string, files: string[], jars: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  removeStaleBuilds(parent);
  const tmp = mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    const javac = jdkTool(env, 'javac');
    const sources = files.filter((f) => f.endsWith('.java'));
    const result = await run(
      javac,
      ['--release', '17', '-encoding', 'UTF-8', '-nowarn', '-XDsuppressNotes', '-d', tmp, '-cp', jars.join(path.delimiter), ...sources],
      env,
    );
    if (result.spawnError?.code === 'ENOENT') {
      throw new HarnessError(
        'JAVA_MISSING',
        `javac was not found (${javac}); the Java replica is compiled from source once, which needs a JDK, not only a JRE`,
        { hint: JDK_HINT },
      );
    }
    if (result.spawnError || result.code !== 0) {
      const output = (result.spawnError?.message ?? `${result.stdout}${result.stderr}`)
        .split('\n')
        .filter((l) => l.trim() !== '' && !/warning|^\s*\^|^\s*import sun\.misc/.test(l))
        .slice(0, 12)
        .join('\n    ');
      throw new HarnessError('SERVICE_START_FAILED', `javac could not compile the Java replica (${JAVA_REPLICA_SOURCES}):\n    ${output}`, {
        hint: `a JDK 17 or newer is needed, and jars matching the sources: ${FETCH_HINT}`,
      });
    }
    copyFileSync(path.join(JAVA_REPLICA_SOURCES, LOG_CONFIG), path.join(tmp, LOG_CONFIG));
    chmodSync(tmp, 0o755); // mkdtemp makes it private; the classes are no secret
    try {
      renameSync(tmp, target);
    } catch (err) {
      if (!existsSync(target)) throw err;
      rmSync(tmp, { recursive: true, force: true }); // another process built the same sources first
    }
    return target;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Leftovers of a build that was killed midway; an hour is far longer than any javac run. */
function removeStaleBuilds(parent: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith('.') || !name.includes('.tmp-')) continue;
    const full = path.join(parent, name);
    try {
      if (Date.now() - statSync(full).mtimeMs > 3_600_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

/** JAVA_HOME wins over PATH, as for the broker (harness/broker/java.ts). */
function jdkTool(env: NodeJS.ProcessEnv, tool: 'java' | 'javac'): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', tool) : tool;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, encoding: 'utf8', timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (e && typeof e.code === 'string') resolve({ code: null, stdout, stderr, spawnError: e });
      else resolve({ code: e ? ((e.code as number | undefined) ?? 1) : 0, stdout, stderr });
    });
  });
}
