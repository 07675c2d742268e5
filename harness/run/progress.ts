import type { CellEvents } from './cell.ts';
import { totalLag } from '../probes/lag.ts';
import { describeAction } from '../model/timeline/index.ts';

/**
 * Progress for a person: on a TTY one line rewritten in place, otherwise a plain line every
 * 5 s and one per event, fit for CI logs. Under load the line shows the load's rate and the
 * lag; in the drain (the load has stopped) it shows the drain's own progress instead: elapsed
 * of its timeout, the lag left and how fast the group works it off.
 */
export function progressReporter(out: NodeJS.WriteStream, label: () => string): CellEvents & { done(): void } {
  const tty = Boolean(out.isTTY);
  let phase = 'setup';
  let phaseAt = Date.now();
  let phaseTimeoutMs: number | undefined;
  let rate = 0;
  let lag = 0;
  let lagAtPhaseStart: number | undefined;
  let lastPlain = 0;
  const render = () => {
    const line = `${label()}  ${statusLine({ phase, elapsedMs: Date.now() - phaseAt, timeoutMs: phaseTimeoutMs, rate, lag, lagAtPhaseStart })}`;
    if (tty) out.write(`\r\x1b[2K${line}`);
    else if (Date.now() - lastPlain >= 5000) {
      lastPlain = Date.now();
      out.write(`${line}\n`);
    }
  };
  // Ticks start with the first cell: before that there is nothing to show.
  let timer: NodeJS.Timeout | undefined;
  const event = (text: string) => {
    if (tty) out.write(`\r\x1b[2K`);
    out.write(`${label()}  ${text}\n`);
  };
  return {
    phase(name, at, timeoutMs) {
      if (!timer) {
        timer = setInterval(render, 1000);
        timer.unref();
      }
      phase = name;
      phaseAt = at;
      phaseTimeoutMs = timeoutMs;
      lagAtPhaseStart = lag;
      event(name === 'drain' && timeoutMs !== undefined ? `drain (until the lag is 0, at most ${formatS(timeoutMs)}; lag ${lag})` : name);
    },
    period(p) {
      rate = p.ok;
    },
    lag(s) {
      lag = totalLag(s);
    },
    action(a) {
      event(`t=${a.event.at}s ${describeAction(a)}${a.error ? ` FAILED: ${a.error}` : ''}`);
    },
    note(text) {
      event(text);
    },
    done() {
      clearInterval(timer);
      if (tty) out.write('\r\x1b[2K');
    },
  };
}

/** The text after the label, e.g. `measure 12s  rate 100/s  lag 3` or `drain 4s of 30s  lag 833 left  drained 150/s`. */
export function statusLine(s: { phase: string; elapsedMs: number; timeoutMs?: number; rate: number; lag: number; lagAtPhaseStart?: number }): string {
  const elapsed = `${Math.max(0, s.elapsedMs / 1000).toFixed(0)}s`;
  if (s.phase === 'drain') {
    const of = s.timeoutMs !== undefined ? ` of ${formatS(s.timeoutMs)}` : '';
    const worked = Math.max(0, (s.lagAtPhaseStart ?? s.lag) - s.lag);
    const perS = s.elapsedMs >= 1000 ? `  drained ${Math.round(worked / (s.elapsedMs / 1000))}/s` : '';
    return `drain ${elapsed}${of}  lag ${s.lag} left${perS}`;
  }
  return `${s.phase} ${elapsed}  rate ${s.rate}/s  lag ${s.lag}`;
}

const formatS = (ms: number) => `${Math.round(ms / 1000)}s`;
