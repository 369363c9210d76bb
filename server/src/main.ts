/**
 * The entry point of the language server and the command line (the bundle dist/xxgk.js, which dist/server.js loads for
 * bin/xxgk-report.js and the extension; `check` alone runs from dist/check.js, cli/check-main.ts). It loads only what
 * the mode asks for:
 *  - a transport among the arguments, `--node-ipc`, `--stdio`, `--socket=N` or `--pipe=NAME` (as VS Code starts it;
 *    vscode-languageserver reads it from argv), and no command first, or `lsp` then a transport
 *    (`xxgk-report lsp --stdio`): the language server;
 *  - anything else: the command line (`check`, `export`, `new-year`, `import`, `review`, help), whose commands load
 *    the renderers, the import and review themselves when they run.
 * Neither side imports the other, nor this module.
 */
const TRANSPORT = (a: string) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe');
const CLI_COMMANDS = new Set(['check', 'export', 'new-year', 'import', 'review', 'help', '--help', '-h', '--version']);
const argv = process.argv.slice(2);
const io = { out: (s: string) => process.stdout.write(s + '\n'), err: (s: string) => process.stderr.write(s + '\n') };

if (argv[0] === 'lsp' && !argv.some(TRANSPORT)) {
  process.stderr.write('Usage: xxgk-report lsp --stdio\n');
  process.exitCode = 2;
} else if (argv[0] === 'lsp' || (!CLI_COMMANDS.has(argv[0]) && argv.some(TRANSPORT))) {
  void import('./lsp/server.js').then(({ startServer }) => startServer());
} else {
  void import('./cli/main.js')
    .then(({ main }) => main(argv, io))
    .then((code) => (process.exitCode = code));
}
