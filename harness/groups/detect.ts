/**
 * The kind of a group as Kafka reports it, found the way Kafka's own tooling does: ListGroups
 * (v5, KIP-848) lists every group with its type (`classic`, `consumer`, `share`, `streams`), so
 * a run need not be told how to ask the coordinator about a group it did not start.
 * kafkajs's ListGroups has no type; @platformatic/kafka's Admin asks every broker with a types
 * filter.
 */
import { Admin } from '@platformatic/kafka';

/** A group as ListGroups lists it. */
export interface ListedGroup {
  type: string;
  state: string;
}

/** Kafka's group types: those the harness cannot read yet are named in errors too. */
const KAFKA_GROUP_TYPES = ['classic', 'consumer', 'share', 'streams'];

/** Reads the groups' types; one Admin kept between reads and closed with `close()`. */
export class GroupTypeFinder {
  private readonly admin: Admin;

  constructor(brokers: readonly string[]) {
    this.admin = new Admin({ clientId: 'ksb-group-type', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  }

  /** The group's type and state, or undefined when no broker lists it (no member has joined yet). */
  async find(groupId: string): Promise<ListedGroup | undefined> {
    const groups = await this.admin.listGroups({ types: KAFKA_GROUP_TYPES });
    const group = groups.get(groupId);
    if (!group) return undefined;
    // A broker without KIP-848 answers ListGroups below v5, with no type: only classic groups exist there.
    return { type: group.groupType || 'classic', state: group.state };
  }

  async close(): Promise<void> {
    await this.admin.close().catch(() => undefined);
  }
}
