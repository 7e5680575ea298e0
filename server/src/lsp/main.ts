// The server bundle's entry (dist/server.js): `node dist/server.js --stdio`, or
// over IPC when the VS Code client starts it.
import { startServer } from './server';

startServer();
