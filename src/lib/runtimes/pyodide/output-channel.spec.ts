import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcessOutput } from '../types.ts';
import { ChannelWriter, createChannelBuffer } from './channel.ts';
import { OUTPUT_CAPACITY, OutputReader, OutputWriter } from './output-channel.ts';

const outputModule = new URL('./output-channel.ts', import.meta.url).href;

type Call = ['text', 'stdout' | 'stderr' | 'notice', string] | ['display', string, Uint8Array];

/** Makes `calls` on an OutputWriter on a thread of its own, as the Python worker does; resolves to their results. */
function writeOnThread(buffer: SharedArrayBuffer, calls: Call[]): Promise<boolean[]> {
	const thread = new Worker(
		`import { OutputWriter } from ${JSON.stringify(outputModule)};
		import { parentPort, workerData } from 'node:worker_threads';
		const writer = new OutputWriter(workerData.buffer);
		parentPort.postMessage(workerData.calls.map(([method, ...args]) => writer[method](...args)));`,
		{ eval: true, workerData: { buffer, calls } }
	);
	return new Promise((resolve, reject) => {
		thread.once('message', resolve);
		thread.once('error', reject);
	});
}

const readers: OutputReader[] = [];

/** A reader on this thread that records what it delivers. */
function read(buffer: SharedArrayBuffer) {
	const outputs: ProcessOutput[] = [];
	const reader = new OutputReader(buffer, (output) => outputs.push(output));
	readers.push(reader);
	const text = () => outputs.map((output) => ('text' in output ? output.text : '')).join('');
	return { reader, outputs, text };
}

afterEach(() => {
	for (const reader of readers.splice(0)) reader.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('output through shared memory', () => {
	it("delivers each stream's text in the order written, a stream's neighbours together", () => {
		const buffer = createChannelBuffer();
		const writer = new OutputWriter(buffer);
		writer.text('stdout', 'a');
		writer.text('stdout', 'b\n');
		writer.text('stderr', 'E\n');
		writer.text('notice', 'Note');
		writer.text('stdout', 'c');
		const { reader, outputs } = read(buffer);
		reader.drain();
		expect(outputs).toEqual([
			{ kind: 'stdout', text: 'ab\n' },
			{ kind: 'stderr', text: 'E\n' },
			{ kind: 'notice', text: 'Note' },
			{ kind: 'stdout', text: 'c' }
		]);
	});

	it('wraps around the end of the ring, with a UTF-8 character and a display cut by it', () => {
		const buffer = createChannelBuffer();
		const writer = new OutputWriter(buffer);
		const { reader, outputs } = read(buffer);
		// A 4-byte header and the filler; the next header ends 2 bytes before the end of the ring,
		// so the snake's 4 bytes are split 2 and 2.
		writer.text('stdout', 'x'.repeat(OUTPUT_CAPACITY - 10));
		reader.drain();
		writer.text('stdout', '🐍 ok\n');
		reader.drain();
		expect(outputs.at(-1)).toEqual({ kind: 'stdout', text: '🐍 ok\n' });
		// Once more round, ending inside a display's data.
		writer.text('stderr', 'y'.repeat(OUTPUT_CAPACITY - 30));
		reader.drain();
		const data = Uint8Array.from({ length: 100 }, (_, i) => i);
		writer.display('image/png', data);
		writer.text('stdout', 'after\n');
		reader.drain();
		expect(outputs.slice(-2)).toEqual([
			{ kind: 'display', mime: 'image/png', data },
			{ kind: 'stdout', text: 'after\n' }
		]);
	});

	it('delivers a display larger than the ring whole, in its place among the text', async () => {
		const buffer = createChannelBuffer();
		const { outputs } = read(buffer);
		const data = Uint8Array.from({ length: 2.5 * OUTPUT_CAPACITY }, (_, i) => (i * 7) % 251);
		const written = await writeOnThread(buffer, [
			['text', 'stdout', 'before\n'],
			['display', 'image/png', data],
			['text', 'stdout', 'after\n']
		]);
		expect(written).toEqual([true, true, true]);
		await vi.waitFor(() => expect(outputs).toHaveLength(3));
		expect(outputs[0]).toEqual({ kind: 'stdout', text: 'before\n' });
		expect(outputs[1]).toMatchObject({ kind: 'display', mime: 'image/png' });
		expect(Buffer.compare((outputs[1] as { data: Uint8Array }).data, data)).toBe(0);
		expect(outputs[2]).toEqual({ kind: 'stdout', text: 'after\n' });
	});

	it('makes the writer wait while the ring is full, as on a pipe, until the reader frees room', async () => {
		const buffer = createChannelBuffer();
		const chunks = Array.from({ length: 48 }, (_, i) => `${i}:`.padEnd(64 * 1024, 'z'));
		let finished = false;
		const writing = writeOnThread(
			buffer,
			chunks.map((chunk) => ['text', 'stdout', chunk])
		).finally(() => (finished = true));
		await sleep(300);
		expect(finished).toBe(false);
		const { text } = read(buffer);
		expect(await writing).toEqual(chunks.map(() => true));
		await vi.waitFor(() => expect(text().length).toBe(chunks.join('').length));
		expect(text()).toBe(chunks.join(''));
	});

	it('stops waiting on Ctrl+C, dropping the rest, and leaves the interrupt pending for Python', async () => {
		const buffer = createChannelBuffer();
		const channel = new ChannelWriter(buffer);
		let finished = false;
		const writing = writeOnThread(buffer, [
			['text', 'stdout', 'x'.repeat(2 * OUTPUT_CAPACITY)]
		]).finally(() => (finished = true));
		await sleep(200);
		expect(finished).toBe(false);
		channel.interrupt();
		expect(await writing).toEqual([false]);
		expect(channel.interruptTaken()).toBe(false);
		const { reader, text } = read(buffer);
		reader.drain();
		expect(text()).toBe('x'.repeat(OUTPUT_CAPACITY - 4));
	});

	it('drops a display cut short by Ctrl+C whole, and delivers what comes after it', async () => {
		const buffer = createChannelBuffer();
		const channel = new ChannelWriter(buffer);
		const writing = writeOnThread(buffer, [
			['display', 'image/png', new Uint8Array(2 * OUTPUT_CAPACITY)]
		]);
		await sleep(200);
		channel.interrupt();
		expect(await writing).toEqual([false]);
		// Python has taken the interrupt by the time it writes its traceback.
		channel.reset(80, 24);
		const { outputs } = read(buffer);
		expect(await writeOnThread(buffer, [['text', 'stderr', 'KeyboardInterrupt\n']])).toEqual([
			true
		]);
		await vi.waitFor(() =>
			expect(outputs).toEqual([{ kind: 'stderr', text: 'KeyboardInterrupt\n' }])
		);
	});
});
