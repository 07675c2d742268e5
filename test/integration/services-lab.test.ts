import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, killAllServices, placeOrders, requestJson, spawnService, uniqueName, waitFor, type ServiceProcess } from '../support/services.ts';

const brokers = inject('kafkaBrokers');
const admin = new Kafka({ clientId: 'services-lab-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();

interface Stats {
  assignment: number[];
  generationId: number | null;
  processed: { total: number; byPartition: Record<string, number> };
  rebalances: Array<{ type: string; at: number; generationId: number | null; partitions: number[] }>;
}

const stats = (s: ServiceProcess) => getJson<Stats>(`${s.url}/stats`);
const stock = async (s: ServiceProcess) => (await getJson<{ stock: number }>(`${s.url}/inventories/1`)).stock;

describe('the lab: two inventory replicas, one partition, then two', () => {
  const topic = uniqueName('lab');
  const group = uniqueName('inventory');

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });
  afterEach(killAllServices);
  afterAll(async () => {
    await killAllServices();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('leaves one replica idle until the topic grows, then rebalances without a restart', async () => {
    // A short metadata max age stands in for the lab's "wait 2~3 minutes" (kafkajs default 300000 ms).
    const common = ['--brokers', brokers, '--topic', topic, '--metadata-max-age-ms', '1500'];
    const [a, b, order] = await Promise.all([
      spawnService('inventory', [...common, '--group', group]),
      spawnService('inventory', [...common, '--group', group]),
      spawnService('order', [...common, '--key', 'none']),
    ]);

    // Both members settle in the same generation: one owns partition 0, the other nothing.
    const [owner, idle] = await waitFor('one replica owning partition 0 and the other none', async () => {
      const [sa, sb] = await Promise.all([stats(a), stats(b)]);
      const settled =
        sa.generationId !== null &&
        sa.generationId === sb.generationId &&
        sa.rebalances.at(-1)?.type === 'assigned' &&
        sb.rebalances.at(-1)?.type === 'assigned';
      if (!settled) return undefined;
      if (sa.assignment.join() === '0' && sb.assignment.length === 0) return [a, b] as const;
      if (sb.assignment.join() === '0' && sa.assignment.length === 0) return [b, a] as const;
      return undefined;
    });
    expect((await stats(idle)).assignment).toEqual([]);
    await waitFor('"partitions assigned: []" on the idle replica', () => idle.stderr().includes('partitions assigned: []'));
    expect(owner.stderr()).toContain(`partitions assigned: [${topic}-0]`);

    for (const replica of [owner, idle]) {
      const created = await requestJson(`${replica.url}/inventories`, { body: { id: 1, stock: 10 } });
      expect(created).toMatchObject({ status: 201, body: { id: 1, stock: 10 } });
    }
    const answers = await placeOrders(order.url, 4, { productId: 1, qty: 1 }, 1);
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    await waitFor('the owner to apply four orders', async () => (await stock(owner)) === 6);
    expect(await stock(idle)).toBe(10);
    expect(await getJson<unknown[]>(`${idle.url}/inventories`)).toEqual([{ id: 1, stock: 10 }]);

    const altered = Date.now();
    await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    const done = await waitFor(
      'each replica to own one partition',
      async () => {
        const [so, si] = await Promise.all([stats(owner), stats(idle)]);
        const both = [...so.assignment, ...si.assignment].sort().join();
        return so.assignment.length === 1 && si.assignment.length === 1 && both === '0,1' ? Date.now() : undefined;
      },
      60_000,
      50,
    );
    const [so, si] = await Promise.all([stats(owner), stats(idle)]);
    const firstNoticed = Math.min(...[...so.rebalances, ...si.rebalances].filter((r) => r.type === 'revoked' && r.at >= altered).map((r) => r.at));
    console.log(
      `alter to 2 partitions -> rebalance complete in ${done - altered} ms ` +
        `(first member noticed after ${firstNoticed - altered} ms; metadata max age 1500 ms; generation ${so.generationId})`,
    );
    expect(idle.stderr()).toMatch(new RegExp(`partitions assigned: \\[${topic}-[01]\\]`));

    // Round-robin over both partitions now that the producer has seen them too.
    const more = await placeOrders(order.url, 20, { productId: 1, qty: 1 }, 2);
    expect(more.every((r) => r.status === 201)).toBe(true);
    const [ownerStock, idleStock] = await waitFor('all 20 orders applied', async () => {
      const s = [await stock(owner), await stock(idle)] as const;
      return 6 - s[0] + (10 - s[1]) === 20 ? s : undefined;
    });
    expect(ownerStock).toBeLessThan(6);
    expect(idleStock).toBeLessThan(10);
  });
});
