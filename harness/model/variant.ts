/**
 * A consumer variant's one name, in cell names, the results table, compare's environment and the
 * capacity plan: `java-consumer-uniform`. Results from before clients were chosen have no client
 * columns: they ran kafkajs on the classic protocol with round robin.
 */
export const LEGACY_VARIANT = { client: 'kafkajs', groupProtocol: 'classic', assignor: 'roundrobin' } as const;

export interface VariantParts {
  client?: string | null | undefined;
  groupProtocol?: string | null | undefined;
  assignor?: string | null | undefined;
  /** Static membership: `-static` after the assignor. */
  staticMembership?: boolean | null | undefined;
}

export function variantName(v: VariantParts): string {
  return `${v.client || LEGACY_VARIANT.client}-${v.groupProtocol || LEGACY_VARIANT.groupProtocol}-${v.assignor || LEGACY_VARIANT.assignor}${v.staticMembership ? '-static' : ''}`;
}
