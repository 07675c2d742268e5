/**
 * What a cluster says of its own version: the finalized `metadata.version` feature level, as
 * Kafka's Admin.describeFeatures reads it, from the tagged fields of an ApiVersions (v3) answer
 * (KIP-584). For an external cluster (`--brokers`) it is the only version the harness can know;
 * it is the cluster's level, a lower bound on its brokers' release.
 */
import { Connection, createAPI, type Reader, Writer } from '@platformatic/kafka';
import { metadataVersionName } from '../model/kafka-version.ts';

export interface ClusterFeatures {
  /** `metadata.version`'s finalized level (27) and its name (`4.1-IV1`). */
  metadataVersionLevel: number;
  metadataVersion: string;
}

const FINALIZED_FEATURES_TAG = 2;

interface ApiVersionsFeatures {
  finalized: Map<string, number>;
}

function parseResponse(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): ApiVersionsFeatures {
  const errorCode = reader.readInt16();
  if (errorCode !== 0) throw new Error(`ApiVersions answered error code ${errorCode}`);
  reader.readArray((r) => {
    r.readInt16();
    r.readInt16();
    r.readInt16();
  });
  reader.readInt32(); // throttle_time_ms
  const finalized = new Map<string, number>();
  const tags = reader.readUnsignedVarInt();
  for (let i = 0; i < tags; i++) {
    const tag = reader.readUnsignedVarInt();
    const size = reader.readUnsignedVarInt();
    const end = reader.position + size;
    if (tag === FINALIZED_FEATURES_TAG) {
      reader.readArray((r) => {
        const name = r.readString();
        const maxLevel = r.readInt16();
        r.readInt16(); // min_version_level
        finalized.set(name, maxLevel);
      });
    }
    reader.position = end;
  }
  return { finalized };
}

const apiVersionsV3 = createAPI(
  18,
  3,
  () => Writer.create().appendString('kafka-scaling-bench').appendString('1').appendTaggedFields(),
  parseResponse,
  true,
  false,
);

/** The first broker that answers tells; undefined when none does or it reports no metadata.version. */
export async function describeClusterFeatures(bootstrapServers: string, timeoutMs = 5_000): Promise<ClusterFeatures | undefined> {
  for (const broker of bootstrapServers.split(',')) {
    const at = broker.lastIndexOf(':');
    const connection = new Connection('ksb-features', { connectTimeout: timeoutMs });
    // A reset socket fails the request (on close); an 'error' event with no listener would end the process.
    connection.on('error', () => undefined);
    try {
      await connection.connect(broker.slice(0, at), Number(broker.slice(at + 1)));
      const answer = await Promise.race([
        apiVersionsV3.async(connection),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), timeoutMs).unref()),
      ]);
      const level = answer.finalized.get('metadata.version');
      if (level !== undefined) return { metadataVersionLevel: level, metadataVersion: metadataVersionName(level) };
    } catch {
      // the next broker, if any
    } finally {
      void connection.close().catch(() => undefined);
    }
  }
  return undefined;
}
