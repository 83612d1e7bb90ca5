// After a key press or a click, Chromium draws a frame before it runs the page's other tasks (its
// DeferRendererTasksAfterInput), and xterm.js draws the terminal in animation frames. A program's
// answer that has reached shared memory by the time that frame starts is taken here, in an
// animation frame callback requested by the input event itself, so that xterm.js draws it in that
// frame rather than one later. The callbacks of a frame run in the order they were requested:
// this module's listeners are on the window before the workspace page's (the runtimes' index
// imports it, and the page imports the index before it mounts), so the request comes before the
// one xterm.js makes when the key's echo or the Run shortcut's command line is written.

const takers = new Set<() => void>();
let requested = false;

function onInput(): void {
	if (requested || takers.size === 0) return;
	requested = true;
	requestAnimationFrame(() => {
		requested = false;
		for (const take of takers) take();
	});
}

if (typeof window !== 'undefined') {
	window.addEventListener('keydown', onInput, { capture: true });
	window.addEventListener('click', onInput, { capture: true });
}

/** Calls `take` at the start of the frame after each key press or click; returns the stop function. */
export function takeInFrameAfterInput(take: () => void): () => void {
	takers.add(take);
	return () => takers.delete(take);
}
