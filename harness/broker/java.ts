import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';

export const MIN_JAVA_MAJOR = 17;

export interface JavaRuntime {
  executable: string;
  major: number;
  versionLine: string;
}

const NO_JAVA_HINT =
  'install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME; ' +
  'or use a Kafka you already run with --brokers host:port (KAFKA_BROKERS), or `docker compose up -d`';

/** JAVA_HOME wins over PATH, as in Kafka's own kafka-run-class.sh. */
export function findJava(env: NodeJS.ProcessEnv = process.env): JavaRuntime {
  const executable = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  if (env.JAVA_HOME && !existsSync(executable)) {
    throw new HarnessError('JAVA_MISSING', `JAVA_HOME is ${env.JAVA_HOME} but ${executable} does not exist`, {
      hint: NO_JAVA_HINT,
    });
  }
  const probe = spawnSync(executable, ['-version'], { env, encoding: 'utf8', timeout: 20_000 });
  if (probe.error) {
    throw new HarnessError('JAVA_MISSING', `Java was not found (${executable}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`, {
      hint: NO_JAVA_HINT,
    });
  }
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const versionLine =
    output
      .split('\n')
      .find((l) => /version "/.test(l))
      ?.trim() ??
    output.trim().split('\n')[0] ??
    '';
  const major = parseJavaMajor(versionLine);
  if (major === undefined) {
    throw new HarnessError('JAVA_MISSING', `could not read the Java version from \`${executable} -version\`: ${versionLine || '(no output)'}`, {
      hint: NO_JAVA_HINT,
    });
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new HarnessError('JAVA_TOO_OLD', `Kafka 4.x needs Java ${MIN_JAVA_MAJOR} or newer; ${executable} is Java ${major} (${versionLine})`, {
      hint: NO_JAVA_HINT,
    });
  }
  return { executable, major, versionLine };
}

/** `1.8.0_392` is Java 8; `17.0.15` is 17; `21` is 21. */
export function parseJavaMajor(versionLine: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionLine);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}
