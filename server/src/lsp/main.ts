/**
 * Entry point of the server bundle (dist/server.js): `node server.js --node-ipc|--stdio|--socket=N` starts the
 * language server (as vscode-languageserver reads argv); `node server.js check …` (or another CLI command) runs
 * the command-line checker, so the extension's tasks need no second bundle.
 */
import { startServer } from './server.js';
import { main } from '../cli/main.js';

const CLI_COMMANDS = new Set(['check', 'export', 'new-year', 'import', 'review', 'help', '--help', '-h', '--version']);
const argv = process.argv.slice(2);

if (argv.length && CLI_COMMANDS.has(argv[0])) {
  void Promise.resolve(
    main(argv, {
      out: (s) => process.stdout.write(s + '\n'),
      err: (s) => process.stderr.write(s + '\n'),
    }),
  ).then((code) => (process.exitCode = code));
} else {
  startServer();
}
