import { main } from './main.js';

const argv = process.argv.slice(2);
if (argv[0] === 'lsp') {
  // The language server over stdio (or --node-ipc / --socket=N): `xxgk-report lsp --stdio`.
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    process.stderr.write('Usage: xxgk-report lsp --stdio\n');
    process.exitCode = 2;
  } else {
    await import('../lsp/main.js');
  }
} else {
  process.exitCode = await main(argv, {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  });
}
