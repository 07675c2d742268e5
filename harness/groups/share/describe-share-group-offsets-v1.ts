/**
 * DescribeShareGroupOffsets (API 90) v1, in @platformatic/kafka's style (one file per API and
 * version). v1 adds each share partition's lag (KIP-1226), which the group coordinator computes as
 * its latest offset minus the share-partition start offset minus the records past the start offset
 * whose delivery is complete; -1 where it cannot (no state yet). Schema:
 * clients/src/main/resources/common/message/DescribeShareGroupOffsets{Request,Response}.json of Kafka 4.4.
 */
import { createAPI, type NullableString, type Reader, ResponseError, Writer } from '@platformatic/kafka';

export interface DescribeShareGroupOffsetsRequestGroup {
  groupId: string;
  /** null: every topic-partition the group has state for. */
  topics: { topicName: string; partitions: number[] }[] | null;
}

/*
DescribeShareGroupOffsets Request (Version: 1) => [groups] TAG_BUFFER
  groups => group_id [topics] TAG_BUFFER
    group_id => COMPACT_STRING
    topics => topic_name [partitions] TAG_BUFFER   (nullable)
      topic_name => COMPACT_STRING
      partitions => INT32
*/
export function createRequest(groups: DescribeShareGroupOffsetsRequestGroup[]): Writer {
  return Writer.create()
    .appendArray(groups, (w, g) => {
      w.appendString(g.groupId).appendArray(g.topics, (w, t) => w.appendString(t.topicName).appendArray(t.partitions, (w, p) => w.appendInt32(p), true, false));
    })
    .appendTaggedFields();
}

export interface DescribeShareGroupOffsetsPartition {
  partitionIndex: number;
  /** The share-partition start offset; -1 where the partition has no share state yet. */
  startOffset: bigint;
  leaderEpoch: number;
  /** -1 where the coordinator could not compute it. */
  lag: bigint;
  errorCode: number;
  errorMessage: NullableString;
}

export interface DescribeShareGroupOffsetsGroup {
  groupId: string;
  topics: { topicName: string; topicId: string; partitions: DescribeShareGroupOffsetsPartition[] }[];
  errorCode: number;
  errorMessage: NullableString;
}

export interface DescribeShareGroupOffsetsResponse {
  throttleTimeMs: number;
  groups: DescribeShareGroupOffsetsGroup[];
}

/*
DescribeShareGroupOffsets Response (Version: 1) => throttle_time_ms [groups] TAG_BUFFER
  throttle_time_ms => INT32
  groups => group_id [topics] error_code error_message TAG_BUFFER
    group_id => COMPACT_STRING
    topics => topic_name topic_id [partitions] TAG_BUFFER
      topic_name => COMPACT_STRING
      topic_id => UUID
      partitions => partition_index start_offset leader_epoch lag error_code error_message TAG_BUFFER
        partition_index => INT32
        start_offset => INT64
        leader_epoch => INT32
        lag => INT64
        error_code => INT16
        error_message => COMPACT_NULLABLE_STRING
    error_code => INT16
    error_message => COMPACT_NULLABLE_STRING
*/
export function parseResponse(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): DescribeShareGroupOffsetsResponse {
  const errors: [string, [number, NullableString]][] = [];
  const response: DescribeShareGroupOffsetsResponse = {
    throttleTimeMs: reader.readInt32(),
    groups: reader.readArray((r, i) => {
      const groupId = r.readString();
      const topics = r.readArray(
        (r, j) => ({
          topicName: r.readString(),
          topicId: r.readUUID(),
          partitions: r.readArray((r, k) => {
            const partition: DescribeShareGroupOffsetsPartition = {
              partitionIndex: r.readInt32(),
              startOffset: r.readInt64(),
              leaderEpoch: r.readInt32(),
              lag: r.readInt64(),
              errorCode: r.readInt16(),
              errorMessage: r.readNullableString(),
            };
            if (partition.errorCode !== 0) errors.push([`/groups/${i}/topics/${j}/partitions/${k}`, [partition.errorCode, partition.errorMessage]]);
            return partition;
          }),
        }),
        true,
        true,
      );
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      if (errorCode !== 0) errors.push([`/groups/${i}`, [errorCode, errorMessage]]);
      return { groupId, topics, errorCode, errorMessage };
    }),
  };
  reader.readTaggedFields();
  if (errors.length > 0) throw new ResponseError(apiKey, apiVersion, Object.fromEntries(errors), response);
  return response;
}

export const api = createAPI<[groups: DescribeShareGroupOffsetsRequestGroup[]], DescribeShareGroupOffsetsResponse>(90, 1, createRequest, parseResponse);
