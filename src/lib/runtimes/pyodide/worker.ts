// The Python worker's entry: it only exposes the logic (python.ts) over comlink.
import * as Comlink from 'comlink';
import { PythonWorker } from './python.ts';
import { opfsSnapshots } from './snapshot-opfs.ts';

Comlink.expose(new PythonWorker({ snapshots: opfsSnapshots() }));
