/**
 * The server's connection, on the transport named on the command line (as vscode-languageserver chooses it), with
 * one difference: a malformed frame (a header without a numeric Content-Length, garbage before the header) ends the
 * process. The reader cannot find the next frame after one, so the server would stay alive but never answer again and
 * the client would never restart it; exiting lets the client restart a server that reads its messages. A frame whose
 * body is not JSON is not malformed in this sense (the next frame is found by its length): the server keeps serving.
 */
import { format } from 'node:util';
import {
  createConnection, createServerPipeTransport, createServerSocketTransport, ProposedFeatures, StreamMessageReader, StreamMessageWriter,
  type Connection, type MessageReader, type MessageWriter,
} from 'vscode-languageserver/node';

/** Exit status after a malformed frame. */
export const MALFORMED_FRAME_EXIT = 3;

function streamTransport(argv: string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--node-ipc') return undefined; // messages arrive as objects: there are no frames to get wrong
    if (a === '--stdio') return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
    const [name, value = argv[i + 1]] = a.includes('=') ? a.split('=') : [a];
    if (name === '--socket' && Number(value)) {
      const [reader, writer] = createServerSocketTransport(Number(value));
      return { reader, writer, stdio: false };
    }
    if (name === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  return undefined;
}

export function createServerConnection(argv: string[] = process.argv.slice(2)): Connection {
  const t = streamTransport(argv);
  if (!t) return createConnection(ProposedFeatures.all);
  t.reader.onError((e) => {
    if (e instanceof SyntaxError) return; // a body that is not JSON, in a frame of its own: the next one is found
    process.stderr.write(`xxgk-report: malformed message frame from the client (${String(e.message).split('\n')[0].slice(0, 200)}); the server stops so that the client can restart it\n`);
    process.exit(MALFORMED_FRAME_EXIT);
  });
  const connection = createConnection(ProposedFeatures.all, t.reader, t.writer);
  if (t.stdio) {
    // As the library does for stdio: the client closing stdin ends the server, and nothing else may write to stdout.
    let shutdown = false;
    connection.onShutdown(() => {
      shutdown = true;
    });
    const end = () => process.exit(shutdown ? 0 : 1);
    process.stdin.on('end', end);
    process.stdin.on('close', end);
    const toLog = (write: (s: string) => void) => (...args: unknown[]) => write(format(...args));
    console.log = toLog((s) => connection.console.log(s));
    console.info = toLog((s) => connection.console.info(s));
    console.warn = toLog((s) => connection.console.warn(s));
    console.error = toLog((s) => connection.console.error(s));
  }
  return connection;
}
