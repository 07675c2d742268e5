import { Admin, Connection, FindCoordinatorKeyTypes } from '@platformatic/kafka';

/**
 * One connection to a group's coordinator, for the group APIs the harness speaks through
 * @platformatic/kafka's API definitions (ConsumerGroupDescribe, ShareGroupDescribe,
 * DescribeShareGroupOffsets): its Admin finds the coordinator, the connection is kept between
 * samples and dropped when a call fails or its socket does, so the next one asks for the
 * coordinator again (it may have moved).
 */
export class CoordinatorConnection {
  private readonly admin: Admin;
  private coordinator: { nodeId: number; connection: Connection } | undefined;

  constructor(brokers: readonly string[]) {
    this.admin = new Admin({ clientId: 'ksb-probe', bootstrapBrokers: [...brokers], retries: 0, timeout: 5000 });
  }

  async get(groupId: string): Promise<Connection> {
    if (this.coordinator) return this.coordinator.connection;
    const [found] = await this.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
    if (!found) throw new Error(`no coordinator found for group ${groupId}`);
    const connection = new Connection('ksb-probe', { connectTimeout: 5000 });
    // A coordinator killed between two samples resets this kept socket, and an 'error' event with
    // no listener would end the harness; the next sample asks for the coordinator again.
    connection.on('error', () => {
      if (this.coordinator?.connection === connection) this.drop();
    });
    await connection.connect(found.host, found.port);
    this.coordinator = { nodeId: found.nodeId, connection };
    return connection;
  }

  drop(): void {
    const c = this.coordinator;
    this.coordinator = undefined;
    if (c) void c.connection.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.drop();
    await this.admin.close().catch(() => undefined);
  }
}
