import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The committed .dependency-cruiser.cjs bites: probe files with a deliberate cycle and deliberate
 * layer violations are written into the tree (the rules match repository paths), cruised alone,
 * and removed again. Whether the real tree passes is npm run lint's job, not this test's.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI itself (`depcruise`), run with this node: the package exports no bin path. */
const DEPCRUISE = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

/** One line of depcruise's `err` report: `error <rule>: <from> → <to>` (a cycle's path continues on the next lines). */
interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Probe files and folders, removed after each test. */
const created: string[] = [];

/** Writes `files` (repository-relative path -> source); `dir`, when given, is created for them and removed with them. */
function probe(files: Record<string, string>, dir?: string): string[] {
  if (dir !== undefined) {
    created.push(path.join(REPO, dir));
    mkdirSync(path.join(REPO, dir));
  }
  for (const [rel, source] of Object.entries(files)) {
    created.push(path.join(REPO, rel));
    writeFileSync(path.join(REPO, rel), source);
  }
  return Object.keys(files);
}

/**
 * depcruise with the repository's config and its default (`err`) report, whose exit status is the
 * number of errors. `maxDepth` 1 cruises the files and their direct imports only, not the tree
 * behind them (whose own findings are not this test's business).
 */
function cruise(files: string[], maxDepth?: number): { status: number | null; violations: Violation[]; output: string } {
  const depth = maxDepth === undefined ? [] : ['--max-depth', String(maxDepth)];
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', '.dependency-cruiser.cjs', ...depth, ...files], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  const violations = [...run.stdout.matchAll(/^\s*error ([\w-]+): (\S+) →[ \t]*(\S*)/gm)].map(([, rule, from, to]) => ({ rule: rule!, from: from!, to: to! }));
  return { status: run.status, violations, output };
}

const id = () => `__lint_probe_${process.pid}_${randomBytes(4).toString('hex')}`;

afterEach(() => {
  for (const file of created.splice(0)) rmSync(file, { recursive: true, force: true });
});

describe('the dependency-cruiser config', () => {
  it('reports a cycle under harness/, also when one of its edges is a type-only import', () => {
    const dir = `harness/${id()}`;
    const files = probe(
      {
        [`${dir}/a.ts`]: "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n",
        [`${dir}/b.ts`]: "import type { a } from './a.ts';\nexport const b = 1;\nexport type A = typeof a;\n",
      },
      dir,
    );
    const { status, violations, output } = cruise(files);
    expect(
      violations.map((v) => `${v.rule}: ${v.from}`),
      output,
    ).toContain(`no-circular: ${files[0]}`);
    expect(
      violations.every((v) => v.rule === 'no-circular' && files.includes(v.from)),
      output,
    ).toBe(true);
    expect(status).not.toBe(0);
  });

  it('reports harness/model importing harness/run (type-only) and services importing harness/run, but not services importing the model', () => {
    const name = id();
    const model = `harness/model/${name}.ts`;
    const service = `services/${name}.ts`;
    const files = probe({
      [model]: "import type * as cell from '../run/cell.ts';\nexport type Probe = typeof cell;\n",
      [service]:
        "import * as cell from '../harness/run/cell.ts';\nimport { HarnessError } from '../harness/model/errors.ts';\nexport const probe = [cell, HarnessError];\n",
    });
    const { status, violations, output } = cruise(files, 1);
    const mine = violations.filter((v) => files.includes(v.from)).map((v) => `${v.rule}: ${v.from} → ${v.to}`);
    expect(mine.sort(), output).toEqual([
      `model-imports-nothing: ${model} → harness/run/cell.ts`,
      `services-import-only-contracts: ${service} → harness/run/cell.ts`,
    ]);
    expect(status).not.toBe(0);
  });
});
