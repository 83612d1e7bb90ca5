import { afterEach, describe, expect, it, vi } from 'vitest';

/** The module on a stand-in window whose animation frames the test runs by hand. */
async function load() {
	const page = new EventTarget();
	const frames: FrameRequestCallback[] = [];
	vi.stubGlobal('window', page);
	vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
	vi.resetModules();
	const { takeInFrameAfterInput } = await import('./frame-after-input.ts');
	const frame = () => {
		for (const callback of frames.splice(0)) callback(0);
	};
	return { page, frames, frame, takeInFrameAfterInput };
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('taking output in the frame after input', () => {
	it('asks for one frame per key press or click, before the page asks for its own', async () => {
		const { page, frames, frame, takeInFrameAfterInput } = await load();
		const taken: string[] = [];
		takeInFrameAfterInput(() => taken.push('output'));
		page.addEventListener('keydown', () => frames.push(() => taken.push('terminal drawn')));
		page.dispatchEvent(new Event('keydown'));
		page.dispatchEvent(new Event('keydown'));
		frame();
		expect(taken).toEqual(['output', 'terminal drawn', 'terminal drawn']);
		page.dispatchEvent(new Event('click'));
		frame();
		expect(taken.slice(3)).toEqual(['output']);
	});

	it('asks for no frame once nothing takes, nor without input', async () => {
		const { page, frames, takeInFrameAfterInput } = await load();
		page.dispatchEvent(new Event('keydown'));
		expect(frames).toEqual([]);
		const stop = takeInFrameAfterInput(() => {});
		expect(frames).toEqual([]);
		stop();
		page.dispatchEvent(new Event('keydown'));
		expect(frames).toEqual([]);
	});
});
