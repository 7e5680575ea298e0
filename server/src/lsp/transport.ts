// The connection over standard input and output. On a malformed header or a
// body that is not a message, vscode-jsonrpc reports an error and goes on
// waiting for input that can never frame a message again: the server would stay
// alive but deaf. A transport error therefore ends the process, with one line on
// standard error and exit status 2 (bad input, as everywhere in tcpflow), so the
// editor sees it stop and restarts it.
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';

function fail(e: unknown): never {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  process.stderr.write(`tcpflow: language server transport error: ${message}\n`);
  process.exit(2);
}

export function stdioConnection(): Connection {
  // Standard output carries the protocol: anything printed goes to standard error instead.
  for (const m of ['log', 'info', 'debug', 'warn'] as const) console[m] = console.error;
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError(fail);
  writer.onError(([e]) => fail(e));
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  // Given a reader rather than a stream, the library no longer ends the process
  // when the client goes away: exit as it would (0 only after a shutdown request).
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  reader.onClose(() => process.exit(shutdown ? 0 : 1));
  return connection;
}
