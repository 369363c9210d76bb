/**
 * The entry of dist/check.js, the bundle `xxgk-report check` runs (server/src/boot.ts picks it for `check`): the
 * command `check` and what it needs, the core, the files and the batch, without the other commands, their renderers,
 * the import, the review and the language server (dist/xxgk.js). A quarter of that bundle's size to read and compile:
 * `check` of one report starts sooner, and `check DIR`'s process holds less while its threads check.
 */
import './young.js'; // first, before the rest is set up
import { runCli } from './common.js';
import { checkCommand } from './check.js';

const io = { out: (s: string) => process.stdout.write(s + '\n'), err: (s: string) => process.stderr.write(s + '\n') };
void Promise.resolve(runCli(process.argv.slice(2), io, new Map([['check', checkCommand]]))).then((code) => (process.exitCode = code));
