// The Python worker's entry: it only exposes the logic (python.ts) over comlink.
import * as Comlink from 'comlink';
import type { BootInfo, BootOptions, StartupCacheKeeper, WorkerEvents } from './api.ts';
import { PythonWorker } from './python.ts';
import { opfsSnapshots } from './snapshot-opfs.ts';

/** The logic, with the start-up cache it hands the page moved there rather than copied. */
class ExposedPythonWorker extends PythonWorker {
	override boot(
		options: BootOptions,
		events: WorkerEvents,
		keeper?: StartupCacheKeeper
	): Promise<BootInfo> {
		return super.boot(options, events, keeper && movingBytes(keeper));
	}
}

/**
 * `keeper`, given the bytes themselves: the worker has no use for them once it hands them over,
 * and copying 12 MB took a first visit's boot some 8 ms of the worker's thread.
 */
function movingBytes(keeper: StartupCacheKeeper): StartupCacheKeeper {
	return {
		keep: (key, bytes) =>
			keeper.keep(
				key,
				bytes.buffer instanceof ArrayBuffer ? Comlink.transfer(bytes, [bytes.buffer]) : bytes
			)
	};
}

Comlink.expose(new ExposedPythonWorker({ snapshots: opfsSnapshots() }));
