import { closeSync, openSync, writeSync } from 'node:fs';
import { HarnessError } from '../../harness/model/errors.ts';
import { JOURNAL_VERSION, type HeaderLine, type JournalLine } from '../../harness/model/journal.ts';

/**
 * Appends journal lines. Each line is one synchronous write, made before the offset can be
 * committed, so it is in the kernel once the call returns and survives a SIGKILL of the process
 * (not a machine crash: there is no fsync per line).
 */
export class JournalWriter {
  private fd: number | undefined;

  constructor(
    readonly path: string | undefined,
    header: Omit<HeaderLine, 'k' | 'v'>,
  ) {
    if (path === undefined) return;
    try {
      this.fd = openSync(path, 'a');
    } catch (err) {
      throw new HarnessError('BAD_ARGUMENT', `--journal: cannot open ${path} for appending (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
        hint: 'point --journal at a writable file; its folder must exist',
      });
    }
    this.write({ k: 'journal', v: JOURNAL_VERSION, ...header });
  }

  write(line: JournalLine): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
