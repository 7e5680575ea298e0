// The server bundle's entry (dist/server.js): `node dist/server.js --stdio`, or
// over IPC when the VS Code client starts it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { stdioConnection } from './transport';

startServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all));
