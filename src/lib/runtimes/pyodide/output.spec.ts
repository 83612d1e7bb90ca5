import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function setUp() {
	let now = 0;
	const sent: [string, string][] = [];
	const buffer = new OutputBuffer((kind, text) => sent.push([kind, text]), {
		delayMs: 4,
		now: () => now
	});
	return { buffer, sent, advance: (ms: number) => (now += ms) };
}

describe('coalescing output', () => {
	it('sends the first write at once and coalesces the ones right after it', () => {
		const { buffer, sent, advance } = setUp();
		buffer.write('stdout', bytes('1\n'));
		buffer.write('stdout', bytes('2\n'));
		buffer.write('stdout', bytes('3\n'));
		expect(sent).toEqual([['stdout', '1\n']]);
		advance(5);
		buffer.poll();
		expect(sent).toEqual([
			['stdout', '1\n'],
			['stdout', '2\n3\n']
		]);
	});

	it('keeps the order of stdout and stderr', () => {
		const { buffer, sent } = setUp();
		buffer.write('stdout', bytes('a'));
		buffer.write('stdout', bytes('b'));
		buffer.write('stderr', bytes('E'));
		buffer.write('stdout', bytes('c'));
		buffer.flush();
		expect(sent).toEqual([
			['stdout', 'a'],
			['stdout', 'b'],
			['stderr', 'E'],
			['stdout', 'c']
		]);
	});

	it('completes UTF-8 split across writes, and ends a truncated one as U+FFFD', () => {
		const { buffer, sent } = setUp();
		const snake = bytes('🐍');
		buffer.write('stdout', snake.subarray(0, 2));
		expect(sent).toEqual([]);
		buffer.write('stdout', snake.subarray(2));
		buffer.write('stderr', bytes('é').subarray(0, 1));
		buffer.end();
		expect(sent).toEqual([
			['stdout', '🐍'],
			['stderr', '\ufffd']
		]);
	});

	it('sends a large backlog without waiting for the delay', () => {
		const sent: string[] = [];
		const buffer = new OutputBuffer((_kind, text) => sent.push(text), {
			maxChars: 10,
			now: () => 0
		});
		buffer.write('stdout', bytes('x'));
		buffer.write('stdout', bytes('0123456789'));
		expect(sent).toEqual(['x', '0123456789']);
	});
});
