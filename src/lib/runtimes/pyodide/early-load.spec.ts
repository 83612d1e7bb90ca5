import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmDeferral, withFetchesAnswered } from './early-load.ts';

/** The smallest wasm module there is: the magic number and the version. */
const emptyModule = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

let server: Server;
let indexURL: string;
const requested: string[] = [];

beforeAll(async () => {
	server = createServer((request, response) => {
		requested.push(request.url ?? '');
		if (request.url?.endsWith('.wasm')) {
			response.writeHead(200, { 'content-type': 'application/wasm' }).end(emptyModule);
		} else response.writeHead(200, { 'content-type': 'text/plain' }).end('other');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	indexURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pyodide/314/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs `load` with Pyodide's second download of its wasm put off, as python.ts does. */
const withoutSecondDownload = <T>(indexURL: string, load: () => Promise<T>) =>
	withFetchesAnswered(new Map([wasmDeferral(indexURL)]), load);

/** Lets requests that were started reach the server. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("loadPyodide's second download of its wasm", () => {
	it('is put off until something reads it, and other fetches go out as they are', async () => {
		requested.length = 0;
		const realFetch = globalThis.fetch;
		let wasm: Promise<Response> | undefined;
		const other = await withoutSecondDownload(indexURL, async () => {
			// As Pyodide's settings do: new URL(indexURL + name, location).
			wasm = fetch(new URL(`${indexURL}pyodide.asm.wasm`), {});
			const response = await fetch(`${indexURL}pyodide-lock.json`);
			return response.text();
		});
		expect(other).toBe('other');
		await settle();
		expect(requested).toEqual(['/pyodide/314/pyodide-lock.json']);
		expect(globalThis.fetch).toBe(realFetch);

		// Pyodide's own instantiation, which runs if the early one failed, reads it as a stream.
		const { instance } = await WebAssembly.instantiateStreaming(wasm!);
		expect(instance).toBeInstanceOf(WebAssembly.Instance);
		expect(requested).toEqual(['/pyodide/314/pyodide-lock.json', '/pyodide/314/pyodide.asm.wasm']);
	});

	it('is put off once only: a later fetch of the same URL goes out at once', async () => {
		requested.length = 0;
		await withoutSecondDownload(indexURL, async () => {
			void fetch(`${indexURL}pyodide.asm.wasm`);
			await (await fetch(`${indexURL}pyodide.asm.wasm`)).arrayBuffer();
		});
		expect(requested).toEqual(['/pyodide/314/pyodide.asm.wasm']);
	});

	it('gives fetch back when the load fails', async () => {
		const realFetch = globalThis.fetch;
		await expect(
			withoutSecondDownload(indexURL, () => Promise.reject(new Error('no Python')))
		).rejects.toThrow('no Python');
		expect(globalThis.fetch).toBe(realFetch);
		await settle();
	});
});

describe('a fetch answered ahead of time', () => {
	it('is what the first fetch of its URL gets; later ones and other URLs go out', async () => {
		requested.length = 0;
		const stdlibURL = `${indexURL}python_stdlib.zip?v=1`;
		// The worker's own download, started before loadPyodide asks for it.
		const prefetched = fetch(`${indexURL}early`);
		const [first, second, other] = await withFetchesAnswered(
			new Map([wasmDeferral(indexURL), [stdlibURL, () => prefetched]]),
			async () => {
				const first = await fetch(stdlibURL);
				const second = await fetch(stdlibURL);
				const other = await fetch(`${indexURL}pyodide-lock.json`);
				return [first, second, other];
			}
		);
		expect(first).toBe(await prefetched);
		expect(second).not.toBe(first);
		expect(await other.text()).toBe('other');
		await settle();
		expect(requested.sort()).toEqual(
			[
				'/pyodide/314/early',
				'/pyodide/314/python_stdlib.zip?v=1',
				'/pyodide/314/pyodide-lock.json'
			].sort()
		);
	});
});
