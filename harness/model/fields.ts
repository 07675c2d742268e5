/**
 * The building blocks every scenario field is made of, each carrying what it expects in words,
 * shared by the scenario schema (options.ts) and the timeline actions (harness/run/actions/).
 */
import { z } from 'zod';

/** A mapping that rejects unknown keys and names the keys it knows. */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; expected one of ${keys}` : `a mapping with keys ${keys}`),
  });
}

export const positiveInt = (expected = 'a positive integer') => z.int({ error: expected }).positive();
export const nonNegativeInt = (expected: string) => z.int({ error: expected }).nonnegative();
export const positiveNumber = (expected = 'a positive number') => z.number({ error: expected }).positive();
export const nonNegativeNumber = (expected: string) => z.number({ error: expected }).nonnegative();
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(', ')}` });

/** When a timeline event runs: seconds from the start of the measurement. */
export const at = nonNegativeNumber('a number of seconds ≥ 0');
export const replicaIndex = nonNegativeInt('a replica index (an integer ≥ 0)');

/**
 * A name from a registry that may grow at run time (clients, group types): checked when the file
 * is read, not when the schema is built, so a registered name is known to every schema.
 */
export const registeredName = (names: () => readonly string[]) =>
  z.string({ error: () => `one of ${names().join(', ')}` }).superRefine((value, ctx) => {
    if (!names().includes(value)) ctx.addIssue({ code: 'invalid_value', values: [...names()], input: value, message: `one of ${names().join(', ')}` });
  });
