/**
 * The language server's entry point. VS Code starts it over IPC; other editors run
 * `node dist/server.js --stdio`. vscode-languageserver picks the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
