import { describe, expect, it } from 'vitest';
import { EventLoop } from './event-loop.ts';
import { createFs } from './fs-module.ts';
import { StdinSource } from './stdin.ts';
import { treeWith } from './testing.ts';

type Call = (...args: unknown[]) => unknown;
type Fs = {
	[
		name in
			| 'readFileSync'
			| 'existsSync'
			| 'mkdirSync'
			| 'writeFileSync'
			| 'appendFileSync'
			| 'readdirSync'
			| 'statSync'
			| 'readFile'
			| 'createWriteStream'
	]: Call;
} & { promises: { [name in 'readFile' | 'writeFile']: (...args: unknown[]) => Promise<unknown> } };

function fsOn(files: Record<string, string>) {
	const vfs = treeWith(files);
	let idle = 0;
	const loop = new EventLoop(() => idle++);
	const fs = createFs({
		vfs,
		loop,
		stdin: new StdinSource(null),
		cwd: () => '/workspace/src',
		write: () => {}
	}) as unknown as Fs;
	return { vfs, fs, loop, idle: () => idle };
}

describe('fs on the mirror', () => {
	it('reads and writes synchronously, relative to the cwd, and reports the writes', () => {
		const { vfs, fs } = fsOn({ 'src/in.txt': 'hello' });
		expect(fs.readFileSync('in.txt', 'utf8')).toBe('hello');
		expect(fs.existsSync('../src/in.txt')).toBe(true);
		fs.mkdirSync('out/deep', { recursive: true });
		fs.writeFileSync('out/deep/x.txt', 'x');
		fs.appendFileSync('out/deep/x.txt', 'y');
		expect(String(fs.readFileSync('/workspace/src/out/deep/x.txt'))).toBe('xy');
		expect(fs.readdirSync('.')).toEqual(['in.txt', 'out']);
		expect((fs.statSync('in.txt') as { size: number; isFile(): boolean }).isFile()).toBe(true);
		expect(vfs.takeChanges().map((op) => `${op.op} ${op.path}`)).toEqual([
			'mkdir src/out',
			'mkdir src/out/deep',
			'write src/out/deep/x.txt'
		]);
		expect(() => fs.readFileSync('nope.txt')).toThrow(
			expect.objectContaining({
				code: 'ENOENT',
				message: "ENOENT: no such file or directory, open '/workspace/src/nope.txt'"
			})
		);
	});

	it('runs callbacks and promises after the calling code, and keeps the program alive until they ran', async () => {
		const { fs, loop, idle } = fsOn({ 'src/a.txt': 'a' });
		const order: string[] = [];
		loop.start();
		const done = new Promise<void>((resolve) =>
			fs.readFile('a.txt', 'utf8', (error: unknown, text: unknown) => {
				order.push(`callback ${String(error)} ${String(text)}`);
				resolve();
			})
		);
		order.push('after call');
		await done;
		await expect(fs.promises.readFile('missing')).rejects.toMatchObject({ code: 'ENOENT' });
		await fs.promises.writeFile('b.txt', 'b');
		expect(fs.readFileSync('b.txt', 'utf8')).toBe('b');
		expect(order).toEqual(['after call', 'callback null a']);
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(idle()).toBeGreaterThan(0);
	});

	it('writes a stream of many chunks in order, appending when asked, then finishes', async () => {
		const { fs, loop } = fsOn({ 'src/log.txt': 'old\n' });
		loop.start();
		type Stream = {
			write(chunk: string): boolean;
			end(chunk?: string): void;
			once(event: string, listener: () => void): void;
		};
		const stream = fs.createWriteStream('log.txt', { flags: 'a' }) as Stream;
		const finished = new Promise<void>((resolve) => stream.once('finish', resolve));
		for (let i = 0; i < 20_000; i++) stream.write(`line ${i}\n`);
		await Promise.resolve();
		// What was written in one turn is in the file by the next.
		expect(String(fs.readFileSync('log.txt')).split('\n')).toHaveLength(20_002);
		stream.write('more\n');
		stream.end('last\n');
		await finished;
		const lines = String(fs.readFileSync('log.txt')).split('\n');
		expect(lines.slice(0, 2)).toEqual(['old', 'line 0']);
		expect(lines.slice(-4)).toEqual(['line 19999', 'more', 'last', '']);
	});
});
