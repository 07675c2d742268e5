import type { ExecutedAction } from '../model/raw-cell.ts';
import type { TimelineEvent } from '../model/scenario.ts';
import { specOf } from '../model/timeline/index.ts';
import { ActionFailed, execute, type ActionContext, type FaultMemory } from './actions/index.ts';

/**
 * Carries out a cell's timeline against the running system: each event at its offset from the
 * start of the measurement, one at a time and in file order (an action that takes a while,
 * like a SIGTERM'd replica leaving the group, delays the next rather than overlapping it).
 */
export interface TimelineRun {
  actions: ExecutedAction[];
  /** Resolves when every action has run (or the timeline was cancelled). */
  done: Promise<void>;
  cancel(): void;
}

export function runTimeline(
  events: readonly TimelineEvent[],
  measureFrom: number,
  target: Omit<ActionContext, 'at' | 'memory' | 'signal'>,
  onAction?: (a: ExecutedAction) => void,
): TimelineRun {
  const actions: ExecutedAction[] = events.map((event) => ({ event, plannedAt: measureFrom + event.at * 1000 }));
  let cancelled = false;
  const abort = new AbortController();
  const memory: FaultMemory = { down: [] };
  let wake: (() => void) | undefined;
  const done = (async () => {
    for (const action of actions) {
      const wait = action.plannedAt - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (cancelled) return;
      // A load change is in the schedule: it took effect at its planned time, even when an action
      // before it (a replica leaving) held the timeline up.
      action.executedAt = specOf(action.event).changesLoad ? action.plannedAt : Date.now();
      try {
        Object.assign(action, await execute(action.event, { ...target, at: action.executedAt, memory, signal: abort.signal }));
      } catch (err) {
        if (err instanceof ActionFailed) Object.assign(action, err.outcome);
        action.error = err instanceof Error ? err.message : String(err);
      }
      onAction?.(action);
    }
  })();
  return {
    actions,
    done,
    cancel() {
      cancelled = true;
      abort.abort();
      wake?.();
    },
  };
}
