import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the current directory: scenarios, jars and results live under it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
