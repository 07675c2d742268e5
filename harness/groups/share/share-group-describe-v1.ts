/**
 * ShareGroupDescribe (API 77) v1, in @platformatic/kafka's style (one file per API and version:
 * a request writer, a response parser, `createAPI`): the library has no share-group APIs (2.12.1).
 * v1 is the first stable version (KIP-932; v0 was 4.0's early access, removed in 4.1). Schema:
 * clients/src/main/resources/common/message/ShareGroupDescribe{Request,Response}.json of Kafka 4.4.
 */
import { createAPI, type NullableString, type Reader, ResponseError, Writer } from '@platformatic/kafka';

/*
ShareGroupDescribe Request (Version: 1) => [group_ids] include_authorized_operations TAG_BUFFER
  group_ids => COMPACT_STRING
  include_authorized_operations => BOOLEAN
*/
export function createRequest(groupIds: string[], includeAuthorizedOperations: boolean): Writer {
  return Writer.create()
    .appendArray(groupIds, (w, g) => w.appendString(g), true, false)
    .appendBoolean(includeAuthorizedOperations)
    .appendTaggedFields();
}

export interface ShareGroupDescribeTopicPartitions {
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface ShareGroupDescribeMember {
  memberId: string;
  rackId: NullableString;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  assignment: { topicPartitions: ShareGroupDescribeTopicPartitions[] };
}

export interface ShareGroupDescribeGroup {
  errorCode: number;
  errorMessage: NullableString;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupDescribeMember[];
  authorizedOperations: number;
}

export interface ShareGroupDescribeResponse {
  throttleTimeMs: number;
  groups: ShareGroupDescribeGroup[];
}

/*
ShareGroupDescribe Response (Version: 1) => throttle_time_ms [groups] TAG_BUFFER
  throttle_time_ms => INT32
  groups => error_code error_message group_id group_state group_epoch assignment_epoch assignor_name [members] authorized_operations TAG_BUFFER
    error_code => INT16
    error_message => COMPACT_NULLABLE_STRING
    group_id => COMPACT_STRING
    group_state => COMPACT_STRING
    group_epoch => INT32
    assignment_epoch => INT32
    assignor_name => COMPACT_STRING
    members => member_id rack_id member_epoch client_id client_host [subscribed_topic_names] assignment TAG_BUFFER
      member_id => COMPACT_STRING
      rack_id => COMPACT_NULLABLE_STRING
      member_epoch => INT32
      client_id => COMPACT_STRING
      client_host => COMPACT_STRING
      subscribed_topic_names => COMPACT_STRING
      assignment => [topic_partitions] TAG_BUFFER
        topic_partitions => topic_id topic_name [partitions] TAG_BUFFER
          topic_id => UUID
          topic_name => COMPACT_STRING
          partitions => INT32
    authorized_operations => INT32
*/
export function parseResponse(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): ShareGroupDescribeResponse {
  const errors: [string, [number, NullableString]][] = [];
  const response: ShareGroupDescribeResponse = {
    throttleTimeMs: reader.readInt32(),
    groups: reader.readArray(
      (r, i) => {
        const errorCode = r.readInt16();
        const errorMessage = r.readNullableString();
        if (errorCode !== 0) errors.push([`/groups/${i}`, [errorCode, errorMessage]]);
        const group: ShareGroupDescribeGroup = {
          errorCode,
          errorMessage,
          groupId: r.readString(),
          groupState: r.readString(),
          groupEpoch: r.readInt32(),
          assignmentEpoch: r.readInt32(),
          assignorName: r.readString(),
          members: r.readArray(
            (r) => {
              const member: ShareGroupDescribeMember = {
                memberId: r.readString(),
                rackId: r.readNullableString(),
                memberEpoch: r.readInt32(),
                clientId: r.readString(),
                clientHost: r.readString(),
                subscribedTopicNames: r.readArray((r) => r.readString(), true, false),
                assignment: {
                  topicPartitions: r.readArray(
                    (r) => {
                      const topicPartitions = { topicId: r.readUUID(), topicName: r.readString(), partitions: r.readArray((r) => r.readInt32(), true, false) };
                      r.readTaggedFields();
                      return topicPartitions;
                    },
                    true,
                    false,
                  ),
                },
              };
              // The Assignment struct's tagged fields, then the member's.
              r.readTaggedFields();
              r.readTaggedFields();
              return member;
            },
            true,
            false,
          ),
          authorizedOperations: r.readInt32(),
        };
        r.readTaggedFields();
        return group;
      },
      true,
      false,
    ),
  };
  reader.readTaggedFields();
  if (errors.length > 0) throw new ResponseError(apiKey, apiVersion, Object.fromEntries(errors), response);
  return response;
}

export const api = createAPI<[groupIds: string[], includeAuthorizedOperations: boolean], ShareGroupDescribeResponse>(77, 1, createRequest, parseResponse);
