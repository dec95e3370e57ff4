// Entry of the dev cluster process of the benchmark: the devserver CLI, from source, so
// the server's CPU is spent in its own process and not in the client being measured.
import { main } from '../../packages/devserver/src/cli';

void main(process.argv.slice(2));
