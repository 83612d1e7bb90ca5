import { describe, expect, it } from 'vitest';
import { ChannelReader, ChannelWriter, STDIN_CAPACITY, createChannelBuffer } from './channel.ts';

function setUp() {
	const buffer = createChannelBuffer();
	const writer = new ChannelWriter(buffer);
	const calls: string[] = [];
	const reader = new ChannelReader(buffer, {
		beforeBlocking: () => calls.push('flush'),
		stdinWanted: () => {
			calls.push('wanted');
			// Answers on the same thread, before the reader blocks.
			writer.write(new TextEncoder().encode('typed\n'));
		},
		interrupted: () => {
			throw new Error('interrupted');
		}
	});
	writer.reset(80, 24);
	return { writer, reader, calls };
}

const read = (reader: ChannelReader, size = 100) => {
	const target = new Uint8Array(size);
	const count = reader.read(target);
	return new TextDecoder().decode(target.subarray(0, count));
};

describe('Ctrl+C through shared memory', () => {
	it("tells the main thread once Python has taken an interrupt, through Pyodide's signal check too", () => {
		const { writer, reader } = setUp();
		expect(writer.interruptTaken()).toBe(true);
		writer.interrupt();
		expect(writer.interruptTaken()).toBe(false);
		expect(reader.takeInterrupt()).toBe(true);
		expect(writer.interruptTaken()).toBe(true);
		writer.interrupt();
		const signals = reader.signalBuffer(() => {});
		expect(signals[0]).toBe(2);
		// Pyodide clears the slot after reading it.
		signals[0] = 0;
		expect(writer.interruptTaken()).toBe(true);
	});
});

describe('stdin through shared memory', () => {
	it('hands over one line per read, so Python never buffers a later line', () => {
		const { writer, reader, calls } = setUp();
		writer.write(new TextEncoder().encode('one\ntwo\n'));
		expect(read(reader)).toBe('one\n');
		expect(read(reader)).toBe('two\n');
		expect(calls).toEqual([]);
	});

	it('flushes output and asks for more before it would block', () => {
		const { reader, calls } = setUp();
		expect(read(reader)).toBe('typed\n');
		expect(calls).toEqual(['flush', 'wanted']);
	});

	it('gives end of file once stdin is closed and drained', () => {
		const { writer, reader } = setUp();
		writer.write(new TextEncoder().encode('last'));
		writer.close();
		expect(read(reader)).toBe('last');
		expect(read(reader)).toBe('');
	});

	it('gives end of file once for Ctrl+D, in its place among the lines, then reads on', () => {
		const buffer = createChannelBuffer();
		const writer = new ChannelWriter(buffer);
		// As the main thread answers the worker's stdinWanted: it moves what is queued.
		const reader = new ChannelReader(buffer, {
			beforeBlocking: () => {},
			stdinWanted: () => writer.pump(),
			interrupted: () => {}
		});
		writer.reset(80, 24);
		const encode = (text: string) => new TextEncoder().encode(text);
		writer.write(encode('one\n'));
		writer.endOfInput();
		writer.write(encode('two\n'));
		expect(read(reader)).toBe('one\n');
		expect(read(reader)).toBe('');
		expect(read(reader)).toBe('two\n');
		writer.endOfInput();
		writer.close();
		expect(read(reader)).toBe('');
		expect(read(reader)).toBe('');
	});

	it('moves more than the ring holds as the reader drains it', () => {
		const { writer, reader } = setUp();
		const big = 'x'.repeat(STDIN_CAPACITY + 10);
		writer.write(new TextEncoder().encode(big));
		writer.close();
		let received = '';
		for (let chunk = read(reader, 4096); chunk !== ''; chunk = read(reader, 4096)) {
			received += chunk;
			writer.pump();
		}
		expect(received).toBe(big);
	});

	it('throws from a read when Ctrl+C is pending, and reports it to sleep', () => {
		const { writer, reader } = setUp();
		writer.interrupt();
		expect(() => read(reader)).toThrow('interrupted');
		expect(reader.sleep(60)).toBe(true);
		expect(reader.takeInterrupt()).toBe(true);
		expect(reader.takeInterrupt()).toBe(false);
		expect(reader.sleep(0.01)).toBe(false);
	});

	it('lets Pyodide poll and clear the signal without losing a new interrupt', () => {
		const { writer, reader } = setUp();
		let polls = 0;
		const signal = reader.signalBuffer(() => polls++);
		expect(signal[0]).toBe(0);
		writer.interrupt();
		const seen = signal[0];
		signal[0] = 0;
		expect(seen).toBe(2);
		expect(signal[0]).toBe(0);
		expect(polls).toBe(3);
		expect(reader.terminalSize()).toEqual({ columns: 80, rows: 24 });
	});
});
