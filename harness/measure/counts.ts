import type { ErrorClass, RequestCounts } from '../model/load.ts';

export function emptyCounts(): RequestCounts {
  return { intended: 0, sent: 0, ok: 0, errors: {}, abandoned: 0 };
}

export function addCounts(into: RequestCounts, from: RequestCounts): RequestCounts {
  into.intended += from.intended;
  into.sent += from.sent;
  into.ok += from.ok;
  into.abandoned += from.abandoned;
  for (const [cls, n] of Object.entries(from.errors) as [ErrorClass, number][]) {
    into.errors[cls] = (into.errors[cls] ?? 0) + n;
  }
  return into;
}

export function errorTotal(counts: RequestCounts): number {
  return Object.values(counts.errors).reduce((sum, n) => sum + (n ?? 0), 0);
}

export function statusClass(status: number): ErrorClass {
  return status < 200 ? '1xx' : status < 400 ? '3xx' : status < 500 ? '4xx' : '5xx';
}
