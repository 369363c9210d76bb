/** Entry point: `node server.js --stdio` (or --node-ipc, --socket=N, as vscode-languageserver reads argv). */
import { startServer } from './server.js';

startServer();
