import { readFileSync } from 'node:fs';

/**
 * What healthy figures look like for a scenario, and why, kept in the scenario file itself as
 * `# expect: ...` comment lines (a copy keeps its notes; YAML ignores them). One line per point;
 * an indented `#   ...` line continues the one before.
 */
export function scenarioNotes(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const notes: string[] = [];
  let open = false;
  for (const line of text.split('\n')) {
    const start = /^#\s*expect:\s?(.*)$/.exec(line);
    const more = /^#\s{2,}(\S.*)$/.exec(line);
    if (start) {
      notes.push(start[1]!.trim());
      open = true;
    } else if (more && open) {
      notes[notes.length - 1] += ` ${more[1]!.trim()}`;
    } else {
      open = false;
    }
  }
  return notes;
}
