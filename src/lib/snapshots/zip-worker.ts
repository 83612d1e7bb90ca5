// The zip worker's entry: it only exposes zip.ts over comlink, transferring the bytes it made.
import * as Comlink from 'comlink';
import type { ZipWorkerApi } from './zip-api.ts';
import { unzipContents, zipContents } from './zip.ts';

const api: ZipWorkerApi = {
	zip(contents, options) {
		const chunks = zipContents(contents, options);
		return Comlink.transfer(chunks, buffersOf(chunks));
	},
	unzip(bytes, limits) {
		const contents = unzipContents(bytes, limits);
		const binary = [...contents.files.values()].filter((value) => value instanceof Uint8Array);
		return Comlink.transfer(contents, buffersOf(binary));
	}
};

/** Each distinct buffer once: transferring one twice throws. */
function buffersOf(views: Uint8Array[]): ArrayBuffer[] {
	return [...new Set(views.map((view) => view.buffer as ArrayBuffer))];
}

Comlink.expose(api);
