/**
 * The `system` section: what the run measures. `managed` (the default) is the project's own
 * order service and inventory replicas; `external` is any consumer group, started by an argv
 * template or scaled by one, watched through Kafka alone (and optionally stock URLs).
 */
import { z } from 'zod';
import { groupTypeNames } from '../groups/registry.ts';
import type { ExternalSystemSpec, SystemSpec } from '../model/system.ts';
import {
  BODY_PLACEHOLDERS,
  fill,
  NAME_PLACEHOLDERS,
  REPLICA_PLACEHOLDERS,
  SCALE_PLACEHOLDERS,
  STOCK_URL_PLACEHOLDERS,
  unknownPlaceholders,
} from '../model/template.ts';
import { registeredName, positiveInt, positiveNumber, section } from '../model/fields.ts';

const allowedText = (allowed: readonly string[]) => (allowed.length ? allowed.map((p) => `{${p}}`).join(', ') : 'none');

/** A string whose `{placeholders}` must come from `allowed`. */
const template = (allowed: readonly string[], expected: string) =>
  z.string({ error: expected }).superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text, allowed);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        input: text,
        message: `placeholders among ${allowedText(allowed)}, got unknown ${unknown.map((p) => `{${p}}`).join(', ')} in ${JSON.stringify(text)}`,
      });
    }
  });

/** An argv list: never a shell string, so one item is one argument. */
const argv = (allowed: readonly string[]) =>
  z
    .array(template(allowed, 'a string'), { error: `an argv list of strings (no shell: one argument per item; placeholders ${allowedText(allowed)})` })
    .min(1, { error: 'a non-empty argv list (the first item is the program)' });

export const DEFAULT_ORDER_BODY = '{"productId":{productId},"qty":{qty}}';

const topicName = template(NAME_PLACEHOLDERS, 'a topic name').refine((t) => /^[A-Za-z0-9._{}-]{1,249}$/.test(t), {
  error: 'a topic name (letters, digits, ".", "_", "-"; placeholders {run}, {cell}, {repeat})',
});
const groupName = template(NAME_PLACEHOLDERS, 'a consumer group id').refine((g) => g.length > 0, { error: 'a non-empty consumer group id' });

const body = template(BODY_PLACEHOLDERS, 'a JSON template string').superRefine((text, ctx) => {
  try {
    JSON.parse(fill(text, { productId: 1, qty: 1, seq: 1 }));
  } catch {
    if (unknownPlaceholders(text, BODY_PLACEHOLDERS).length === 0) {
      ctx.addIssue({ code: 'custom', input: text, message: `JSON once {productId}, {qty} and {seq} are numbers, got ${JSON.stringify(text)}` });
    }
  }
});

const httpUrl = z.string({ error: 'an http:// URL' }).refine(
  (u) => {
    try {
      return new URL(u).protocol === 'http:' || new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'an http:// URL' },
);

const ordersSchema = section({
  http: section({ url: httpUrl, body: body.prefault(DEFAULT_ORDER_BODY) }).optional(),
  kafka: section({}).optional(),
}).superRefine((o, ctx) => {
  if ((o.http === undefined) === (o.kafka === undefined)) {
    ctx.addIssue({
      code: 'custom',
      input: o,
      message: 'exactly one of http: { url, body } (POST to an order endpoint) or kafka: {} (produce OrderPlaced records to the topic)',
    });
  }
});

const replicasSchema = section({
  command: argv(REPLICA_PLACEHOLDERS).optional(),
  scale: argv(SCALE_PLACEHOLDERS).optional(),
  /** How long a started replica has to appear as a new member of the group. */
  joinTimeoutS: positiveNumber('a positive number of seconds').prefault(60),
}).superRefine((r, ctx) => {
  if ((r.command === undefined) === (r.scale === undefined)) {
    ctx.addIssue({
      code: 'custom',
      input: r,
      message: 'exactly one of command: [argv...] (the harness starts each replica) or scale: [argv...] (run with {replicas} for replicas it does not own)',
    });
  }
});

export const externalSystemSchema = section({
  kind: z.literal('external'),
  topic: topicName,
  group: groupName,
  createTopic: z.boolean({ error: 'true or false' }).prefault(false),
  /** The kind of group the replicas join; left out, the run finds it from Kafka (ListGroups), and a stated one Kafka contradicts fails the cell. */
  groupProtocol: registeredName(groupTypeNames).optional(),
  orders: ordersSchema,
  replicas: replicasSchema,
  stockUrl: template(STOCK_URL_PLACEHOLDERS, 'a URL template').optional(),
  /** A classic group's session timeout, which its members choose: how long the run waits after a kill for a takeover. */
  sessionTimeoutMs: positiveInt().optional(),
});

export const managedSystemSchema = section({ kind: z.literal('managed') });

export const systemSchema = z.discriminatedUnion('kind', [managedSystemSchema, externalSystemSchema], {
  error: "a mapping with kind: managed (the project's services) or kind: external (your consumer group)",
});

// The schema's output is the contract in harness/model/system.ts: a change to either shows here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _external: Same<z.output<typeof externalSystemSchema>, ExternalSystemSpec> = true;
const _system: Same<z.output<typeof systemSchema>, SystemSpec> = true;
void _external;
void _system;
