/**
 * The kinds of group the harness knows, found by name. The scenario schema, the replica flags
 * and the lab read this list; adding a kind is one folder and one line below.
 */
import { HarnessError } from '../model/errors.ts';
import { classic } from './classic/descriptor.ts';
import { consumer } from './consumer/descriptor.ts';
import { share } from './share/descriptor.ts';
import type { GroupTypeDescriptor } from './types.ts';

const REGISTRY = new Map<string, GroupTypeDescriptor>([classic, consumer, share].map((g) => [g.name, g]));

/** Adds a kind of group (a plugin, a test's fake); returns what takes it out again. */
export function registerGroupType(descriptor: GroupTypeDescriptor): () => void {
  REGISTRY.set(descriptor.name, descriptor);
  return () => REGISTRY.delete(descriptor.name);
}

export function groupTypeNames(): string[] {
  return [...REGISTRY.keys()];
}

export function findGroupType(name: string): GroupTypeDescriptor | undefined {
  return REGISTRY.get(name);
}

export function groupType(name: string): GroupTypeDescriptor {
  const found = REGISTRY.get(name);
  if (!found) throw new HarnessError('BAD_ARGUMENT', `unknown group type ${JSON.stringify(name)}: expected one of ${groupTypeNames().join(', ')}`);
  return found;
}
