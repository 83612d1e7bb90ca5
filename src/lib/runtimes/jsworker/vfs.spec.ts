import { describe, expect, it } from 'vitest';
import { treeWith } from './testing.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("the worker's copy of the workspace", () => {
	it('reports what the program changed, once per path, with the final content, never the mirrored files', () => {
		const vfs = treeWith({ 'a.txt': 'from the workspace', 'src/b.txt': 'b' });
		expect(vfs.takeChanges()).toEqual([]);
		vfs.write('/workspace/out.txt', new TextEncoder().encode('one'));
		vfs.write('/workspace/out.txt', new TextEncoder().encode('two'));
		vfs.mkdir('/workspace/new/deep', true);
		vfs.remove('/workspace/src', { recursive: true });
		const ops = vfs.takeChanges();
		expect(ops.map((op) => `${op.op} ${op.path}`)).toEqual([
			'remove src',
			'mkdir new',
			'mkdir new/deep',
			'write out.txt'
		]);
		const write = ops.find((op) => op.op === 'write');
		expect(write && 'data' in write ? text(write.data) : '').toBe('two');
		expect(vfs.takeChanges()).toEqual([]);
	});

	it('says a file is too large instead of sending it, and keeps /tmp to itself', () => {
		const vfs = treeWith({}, 4);
		vfs.write('/workspace/big.bin', new Uint8Array(10));
		vfs.write('/tmp/scratch', new Uint8Array(1));
		expect(vfs.takeChanges()).toEqual([{ op: 'too-large', path: 'big.bin', size: 10 }]);
	});

	it("fails as Node's fs does", () => {
		const vfs = treeWith({ 'a.txt': 'a' });
		expect(() => vfs.read('/workspace/missing')).toThrow(
			"ENOENT: no such file or directory, open '/workspace/missing'"
		);
		expect(() => vfs.write('/workspace/no/such/dir.txt', new Uint8Array())).toThrow(/ENOENT/);
		expect(() => vfs.mkdir('/workspace/a.txt', false)).toThrow(/EEXIST/);
		expect(() => vfs.remove('/workspace', { recursive: true })).toThrow(/EBUSY/);
	});

	it('moves folders with their content', () => {
		const vfs = treeWith({ 'd/x.txt': 'x' });
		vfs.rename('/workspace/d', '/workspace/e');
		expect(text(vfs.read('/workspace/e/x.txt'))).toBe('x');
		expect(vfs.get('/workspace/d')).toBeUndefined();
		expect(vfs.takeChanges().map((op) => `${op.op} ${op.path}`)).toEqual([
			'remove d',
			'mkdir e',
			'write e/x.txt'
		]);
	});
});
