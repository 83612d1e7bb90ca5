// Tab at Python's prompt from the process handle's side: which word it asks for, when it does not
// ask, and that an answer to an earlier Tab never stands in for the latest. The worker's end runs
// on a thread of its own, waiting at the "prompt" as Python's does (completion-channel.ts).
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelWriter, createChannelBuffer } from './channel.ts';
import { CompletionWriter } from './completion-channel.ts';
import { COMPLETION_TIMEOUT_MS, PythonProcess } from './process.ts';

const channelModule = new URL('./channel.ts', import.meta.url).href;
const completionModule = new URL('./completion-channel.ts', import.meta.url).href;

/**
 * A prompt waiting on another thread: it answers `word` with `word` + '_match', `slow*` words
 * after 200 ms (the worker busy completing them), `hang*` words after 3 s, until stdin ends.
 */
async function promptThread(buffer: SharedArrayBuffer, process: PythonProcess) {
	const thread = new Worker(
		`import { ChannelReader } from ${JSON.stringify(channelModule)};
		import { CompletionReader } from ${JSON.stringify(completionModule)};
		import { parentPort, workerData } from 'node:worker_threads';
		const hooks = { beforeBlocking() {}, stdinWanted() {}, interrupted() {} };
		const reader = new ChannelReader(workerData.buffer, hooks);
		const send = (id, matches) => parentPort.postMessage({ id, matches });
		const completions = new CompletionReader(workerData.buffer, reader, send);
		const pause = new Int32Array(new SharedArrayBuffer(4));
		parentPort.postMessage('waiting');
		completions.waitForLine((word) => {
			if (word.startsWith('slow')) Atomics.wait(pause, 0, 0, 200);
			if (word.startsWith('hang')) Atomics.wait(pause, 0, 0, 3000);
			return [word + '_match'];
		});`,
		{ eval: true, workerData: { buffer } }
	);
	await new Promise<void>((resolve) =>
		thread.on('message', (message: 'waiting' | { id: number; matches: string[] }) => {
			if (message === 'waiting') resolve();
			else process.completed(message.id, message.matches);
		})
	);
	const completions = new CompletionWriter(buffer);
	await expect.poll(() => completions.prompting).toBe(true);
	return thread;
}

let stop = () => {};
afterEach(() => stop());

async function running() {
	const buffer = createChannelBuffer();
	const channel = new ChannelWriter(buffer);
	const completions = new CompletionWriter(buffer);
	channel.reset(80, 24);
	completions.reset();
	const process = new PythonProcess(1, { argv: ['python'] }, { kill: () => {} });
	process.attach(channel, completions);
	const thread = await promptThread(buffer, process);
	stop = () => {
		channel.close();
		void thread.terminate();
	};
	return { process, channel };
}

describe("Tab at Python's prompt, from the process", () => {
	it('asks for the word before the cursor, back to a delimiter, as readline does', async () => {
		const { process } = await running();
		expect(await process.complete('x = os.pa', 9)).toEqual({
			from: 4,
			to: 9,
			candidates: ['os.pa_match']
		});
		expect(await process.complete('print(pri) + 1', 9)).toEqual({
			from: 6,
			to: 9,
			candidates: ['pri_match']
		});
	});

	it('does not ask with no word before the cursor, or while a line waits to be read', async () => {
		const { process, channel } = await running();
		expect(await process.complete('', 0)).toBeNull();
		expect(await process.complete('print(', 6)).toBeNull();
		expect(await process.complete('x = ', 4)).toBeNull();
		// Typed ahead: the prompt is about to read it, and runs it.
		channel.write(new TextEncoder().encode('while True: pass\n'));
		expect(await process.complete('pri', 3)).toBeNull();
	});

	it('asks nothing before the prompt waits, or after the run ended', async () => {
		const buffer = createChannelBuffer();
		const process = new PythonProcess(1, { argv: ['python'] }, { kill: () => {} });
		expect(await process.complete('pri', 3)).toBeNull();
		process.attach(new ChannelWriter(buffer), new CompletionWriter(buffer));
		// A program runs: nothing waits at the prompt.
		expect(await process.complete('pri', 3)).toBeNull();
		process.finish(0);
		expect(await process.complete('pri', 3)).toBeNull();
	});

	it('never takes the answer to an earlier Tab for the latest one', async () => {
		const { process } = await running();
		// The worker takes the first request and is busy with it when the second comes.
		const first = process.complete('slow', 4);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const second = process.complete('pri', 3);
		expect(await first).toEqual({ from: 0, to: 4, candidates: [] });
		expect(await second).toEqual({ from: 0, to: 3, candidates: ['pri_match'] });
	});

	it('gives up on a Tab the worker does not answer within a second', async () => {
		const { process } = await running();
		const asked = performance.now();
		expect(await process.complete('hang', 4)).toEqual({ from: 0, to: 4, candidates: [] });
		const waited = performance.now() - asked;
		expect(waited).toBeGreaterThanOrEqual(COMPLETION_TIMEOUT_MS - 50);
		expect(waited).toBeLessThan(2500);
	});

	it('gives up on a Tab not answered when the run ends', async () => {
		const { process } = await running();
		const tab = process.complete('slow', 4);
		process.finish(0);
		expect(await tab).toEqual({ from: 0, to: 4, candidates: [] });
	});
});
