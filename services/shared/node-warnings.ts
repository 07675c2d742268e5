/**
 * kafkajs 2.2.4 (unmaintained) schedules its request queue's check with a negative delay, which
 * Node 24 reports once per process as a TimeoutNegativeWarning (tulios/kafkajs#1751; Node then
 * uses 1 ms, as every older Node did silently). That warning, and only when kafkajs's stack set
 * it, is dropped: any other warning is printed as Node prints it.
 */
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const type = typeof warning === 'string' ? (typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type) : warning.name;
  if (type === 'TimeoutNegativeWarning' && /[\\/]kafkajs[\\/]/.test(new Error().stack ?? '')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
