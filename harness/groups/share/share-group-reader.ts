import { protocolErrorsCodesById, ResponseError } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import type { GroupSample, LagSample } from '../../model/samples.ts';
import { CoordinatorConnection } from '../coordinator.ts';
import * as describeOffsets from './describe-share-group-offsets-v1.ts';
import { type PartitionEnds, shareGroupSample, shareLagSample } from './samples.ts';
import * as shareGroupDescribe from './share-group-describe-v1.ts';

/**
 * A share group as its coordinator reports it: members and assignments (ShareGroupDescribe) and
 * share-partition start offsets and lag (DescribeShareGroupOffsets), through the harness's own
 * definitions of both APIs on @platformatic/kafka's connection (the Node clients have neither).
 * One connection to the coordinator per reader, kept between samples.
 */
export class ShareGroupReader {
  private readonly coordinator: CoordinatorConnection;

  constructor(
    brokers: readonly string[],
    private readonly groupId: string,
    private readonly topic: string,
  ) {
    this.coordinator = new CoordinatorConnection(brokers);
  }

  async members(): Promise<GroupSample> {
    let group: shareGroupDescribe.ShareGroupDescribeGroup | undefined;
    try {
      const response = await shareGroupDescribe.api.async(await this.coordinator.get(this.groupId), [this.groupId], false);
      group = response.groups[0];
    } catch (err) {
      group = this.answered<shareGroupDescribe.ShareGroupDescribeResponse>(err).groups[0];
    }
    return shareGroupSample(group, this.topic, Date.now());
  }

  /** The ends first: the coordinator's lag is then computed against an end at least as new. */
  async offsets(admin: Admin): Promise<LagSample> {
    const ends: PartitionEnds[] = (await admin.fetchTopicOffsets(this.topic)).map((e) => ({
      partition: e.partition,
      low: Number(e.low),
      high: Number(e.high),
    }));
    let group: describeOffsets.DescribeShareGroupOffsetsGroup | undefined;
    try {
      const request = [{ groupId: this.groupId, topics: [{ topicName: this.topic, partitions: ends.map((e) => e.partition) }] }];
      const response = await describeOffsets.api.async(await this.coordinator.get(this.groupId), request);
      group = response.groups[0];
    } catch (err) {
      group = this.answered<describeOffsets.DescribeShareGroupOffsetsResponse>(err).groups[0];
    }
    return shareLagSample(ends, group, this.topic, Date.now());
  }

  async close(): Promise<void> {
    await this.coordinator.close();
  }

  /**
   * The library throws an error code with the parsed answer. GROUP_ID_NOT_FOUND is the answer
   * while no member has joined (read as an unknown group); any other error (NOT_COORDINATOR after
   * the coordinator moved, COORDINATOR_LOAD_IN_PROGRESS, a partition's) fails the read, a gap in
   * the samples rather than a made-up value, and drops the connection so the next read finds the
   * coordinator again.
   */
  private answered<R extends { groups: { errorCode: number }[] }>(err: unknown): R {
    const response = err instanceof ResponseError ? (err.response as R | undefined) : undefined;
    if (response && protocolErrorsCodesById[response.groups[0]?.errorCode ?? 0] === 'GROUP_ID_NOT_FOUND') return response;
    this.coordinator.drop();
    throw err;
  }
}
