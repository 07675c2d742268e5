import { describe, expect, it } from 'vitest';
import { isWrapper, launchers, watchLaunchers } from '../../services/shared/parent-watch.ts';

describe("a service's launchers", () => {
  it('sees through sh -c and tsx to the process a person started (npm, the harness)', () => {
    expect(isWrapper(['sh', '-c', 'tsx services/order/main.ts --port 8081'])).toBe(true);
    expect(isWrapper(['/bin/bash', '-c', 'tsx services/order/main.ts'])).toBe(true);
    expect(isWrapper(['node', '/work/main/node_modules/.bin/tsx', 'services/order/main.ts'])).toBe(true);
    expect(isWrapper(['node', '/x/node_modules/tsx/dist/cli.mjs', 'services/order/main.ts'])).toBe(true);
    expect(isWrapper(['npm run service:order --port 8081'])).toBe(false);
    expect(isWrapper(['node', '--import', 'tsx', 'harness/cli/bench.ts'])).toBe(false);
    expect(isWrapper(['bash', 'script.sh'])).toBe(false);
  });

  it('starts with the parent and stops at the first process that is not a wrapper', () => {
    const chain = launchers(process.ppid);
    expect(chain[0]).toBe(process.ppid);
    expect(chain.length).toBeGreaterThanOrEqual(1);
  });

  it('is off when the lab asks the service to outlive its launcher', () => {
    expect(watchLaunchers(() => {}, { KSB_OUTLIVE_PARENT: '1' })).toBeUndefined();
    const stop = watchLaunchers(() => {}, {});
    expect(stop).toBeTypeOf('function');
    stop!();
  });
});
