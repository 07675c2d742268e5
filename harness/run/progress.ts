import type { CellEvents } from './cell.ts';
import { totalLag } from '../probes/lag.ts';
import { describeAction } from '../analysis/rebalances.ts';

/**
 * Progress for a person: on a TTY one line rewritten in place (cell, phase, elapsed, rate,
 * lag); otherwise a plain line every 5 s and one per event, fit for CI logs.
 */
export function progressReporter(out: NodeJS.WriteStream, label: () => string): CellEvents & { done(): void } {
  const tty = Boolean(out.isTTY);
  let phase = 'setup';
  let phaseAt = Date.now();
  let rate = 0;
  let lag = 0;
  let lastPlain = 0;
  const render = () => {
    const elapsed = Math.max(0, (Date.now() - phaseAt) / 1000).toFixed(0);
    const line = `${label()}  ${phase} ${elapsed}s  rate ${rate}/s  lag ${lag}`;
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
    phase(name, at) {
      if (!timer) {
        timer = setInterval(render, 1000);
        timer.unref();
      }
      phase = name;
      phaseAt = at;
      event(name);
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
    done() {
      clearInterval(timer);
      if (tty) out.write('\r\x1b[2K');
    },
  };
}
