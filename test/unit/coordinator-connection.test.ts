import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorConnection } from '../../harness/groups/coordinator.ts';

/**
 * The share and consumer-protocol probes keep one connection to the group's coordinator between
 * samples. When a fault kills that node, the socket errors while nobody waits on it: the harness
 * must not end (an 'error' event with no listener throws), and the next sample must reconnect.
 */
describe('CoordinatorConnection when its socket fails between samples', () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('drops the connection instead of throwing, and the next get() connects again', async () => {
    const coordinator = new CoordinatorConnection(['127.0.0.1:1']);
    // The Admin's FindCoordinator answered by a stand-in: this local server is the coordinator.
    Object.assign(coordinator, { admin: { findCoordinator: async () => [{ nodeId: 1, host: '127.0.0.1', port }], close: async () => undefined } });
    try {
      const first = await coordinator.get('g');
      expect(() => first.emit('error', new Error('read ECONNRESET'))).not.toThrow();
      const second = await coordinator.get('g');
      expect(second).not.toBe(first);
      // An error on the connection already dropped leaves the current one alone.
      first.emit('error', new Error('late'));
      expect(await coordinator.get('g')).toBe(second);
    } finally {
      await coordinator.close();
    }
  });
});
