import type { LoadTargetSpec } from '../../model/load.ts';
import { httpTarget } from './http.ts';
import type { LoadTarget, TargetContext } from './types.ts';

export type { LoadTarget, TargetContext } from './types.ts';

/** The target a load worker sends to; the Kafka one is loaded only when a plan uses it. */
export async function openTarget(spec: LoadTargetSpec, ctx: TargetContext): Promise<LoadTarget> {
  if (spec.kind === 'http') return httpTarget(spec, ctx);
  const { kafkaTarget } = await import('./kafka.ts');
  return kafkaTarget(spec, ctx);
}
