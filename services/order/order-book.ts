export interface Order {
  orderId: string;
  productId: number;
  qty: number;
  createdAt: number;
}

/**
 * Acknowledged orders for GET /orders/:id. Bounded so that a long benchmark cannot grow the
 * process without limit: past `capacity` the oldest order is forgotten (a Map keeps insertion order).
 */
export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private total = 0;

  constructor(private readonly capacity: number) {}

  add(order: Order): void {
    this.total++;
    if (this.capacity === 0) return;
    this.orders.set(order.orderId, order);
    if (this.orders.size > this.capacity) {
      const oldest = this.orders.keys().next().value;
      if (oldest !== undefined) this.orders.delete(oldest);
    }
  }

  get(orderId: string): Order | undefined {
    return this.orders.get(orderId);
  }

  /** Orders acknowledged since start, including forgotten ones. */
  count(): number {
    return this.total;
  }
}
