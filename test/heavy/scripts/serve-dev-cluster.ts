// Runs the dev cluster CLI from source in its own process (heavy tests measure clients
// without the server in the same process).
import { main } from '../../../packages/devserver/src/cli';

void main(process.argv.slice(2));
