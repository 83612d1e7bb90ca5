// The Python worker's entry: it only exposes the logic (python.ts) over comlink.
import * as Comlink from 'comlink';
import { PythonWorker } from './python.ts';
import { cacheStorageSnapshots } from './snapshot.ts';

Comlink.expose(new PythonWorker({ snapshots: cacheStorageSnapshots() }));
