// Node's rule for when a program ends: once the main module has run, the process lives while
// something holds it open (a timer, stdin being read, a pending fs callback) and exits when
// nothing does. Each of those is a "ref" here; after every callback the loop checks, one task
// later (so promise chains settle first), whether any remain.
import { nativeClearTimeout, nativeSetTimeout } from './native.ts';

/** Something that keeps the program alive until released. */
export interface Ref {
	release(): void;
}

/** Counts what keeps the program alive and says when nothing does. */
export class EventLoop {
	readonly #idle: () => void;
	readonly #timers = new Set<NodeTimeout>();
	#refs = 0;
	#checking = false;
	#started = false;
	#stopped = false;

	/** `idle` runs when the main module has finished and nothing holds the program open. */
	constructor(idle: () => void) {
		this.#idle = idle;
	}

	/** The main module has run: from now on, an empty loop ends the program. */
	start(): void {
		this.#started = true;
		this.check();
	}

	/** Ends the loop for good: pending timers are cancelled and nothing fires any more. */
	stop(): void {
		this.#stopped = true;
		for (const timer of this.#timers) timer.close();
	}

	/** True while something holds the program open. */
	get busy(): boolean {
		return this.#refs > 0;
	}

	/** True once the program has ended. */
	get stopped(): boolean {
		return this.#stopped;
	}

	/** Holds the program open until the returned ref is released. */
	ref(): Ref {
		this.#refs++;
		let released = false;
		return {
			release: () => {
				if (released) return;
				released = true;
				this.#refs--;
				this.check();
			}
		};
	}

	/** Looks, one task later, whether the program should end. */
	check(): void {
		if (this.#checking || !this.#started || this.#stopped) return;
		this.#checking = true;
		nativeSetTimeout(() => {
			this.#checking = false;
			if (this.#refs === 0 && !this.#stopped) this.#idle();
		}, 0);
	}

	/** The live timer whose id is `id` (for clearTimeout with a number). */
	find(id: number): NodeTimeout | undefined {
		for (const timer of this.#timers) if (timer.id === id) return timer;
		return undefined;
	}

	/** Node's setTimeout/setInterval (`delay` already clamped): `callback` runs through `guard` so its errors are reported. */
	timer(
		callback: () => void,
		delay: number,
		repeat: boolean,
		guard: (run: () => void) => void
	): NodeTimeout {
		const timeout = new NodeTimeout(this, callback, delay, repeat, guard);
		this.#timers.add(timeout);
		timeout.onClose = () => this.#timers.delete(timeout);
		return timeout;
	}
}

let timerIds = 0;

/** Node's Timeout object: ref/unref/hasRef/refresh, and a number when coerced. */
/**
 * Node's ref() and unref() of a handle (a timer, a server): while the handle is active it holds
 * the program open, unless unref() was called.
 */
export class HandleRef {
	readonly #loop: EventLoop;
	#ref: Ref | null = null;
	#wanted = true;

	constructor(loop: EventLoop) {
		this.#loop = loop;
	}

	/** The handle became active (scheduled, listening). */
	activate(): void {
		if (this.#wanted && !this.#ref) this.#ref = this.#loop.ref();
	}

	/** The handle is no longer active. */
	deactivate(): void {
		this.take()?.release();
	}

	/** Hands the ref held over to the caller, to release later, as if deactivated. */
	take(): Ref | null {
		const ref = this.#ref;
		this.#ref = null;
		return ref;
	}

	/** ref(): hold the program open again while `active`. */
	ref(active: boolean): void {
		this.#wanted = true;
		if (active) this.activate();
	}

	unref(): void {
		this.#wanted = false;
		this.deactivate();
	}

	/** True while the handle holds the program open. */
	get held(): boolean {
		return this.#ref !== null;
	}
}

export class NodeTimeout {
	readonly #loop: EventLoop;
	readonly #callback: () => void;
	readonly #delay: number;
	readonly #repeat: boolean;
	readonly #guard: (run: () => void) => void;
	#handle: ReturnType<typeof setTimeout> | null = null;
	readonly #keepAlive: HandleRef;
	onClose: (() => void) | null = null;
	/** What the timer coerces to, for nativeClearTimeout(number). */
	readonly id = ++timerIds;

	constructor(
		loop: EventLoop,
		callback: () => void,
		delay: number,
		repeat: boolean,
		guard: (run: () => void) => void
	) {
		this.#loop = loop;
		this.#callback = callback;
		this.#delay = delay;
		this.#repeat = repeat;
		this.#guard = guard;
		this.#keepAlive = new HandleRef(loop);
		this.#schedule();
	}

	ref(): this {
		this.#keepAlive.ref(this.#handle !== null);
		return this;
	}

	unref(): this {
		this.#keepAlive.unref();
		return this;
	}

	hasRef(): boolean {
		return this.#keepAlive.held;
	}

	refresh(): this {
		if (this.#handle !== null) {
			nativeClearTimeout(this.#handle);
			this.#handle = null;
			this.#schedule();
		}
		return this;
	}

	/** Cancels the timer (clearTimeout/clearInterval). */
	close(): this {
		if (this.#handle !== null) nativeClearTimeout(this.#handle);
		this.#handle = null;
		this.#keepAlive.deactivate();
		this.onClose?.();
		return this;
	}

	[Symbol.toPrimitive](): number {
		return this.id;
	}

	#schedule(): void {
		if (this.#loop.stopped) return;
		this.#handle = nativeSetTimeout(() => this.#fire(), this.#delay);
		this.#keepAlive.activate();
	}

	#fire(): void {
		this.#handle = null;
		if (this.#repeat) this.#schedule();
		const ref = this.#repeat ? null : this.#keepAlive.take();
		try {
			this.#guard(this.#callback);
		} finally {
			if (!this.#repeat) this.onClose?.();
			// Released after the callback, so a timer it sets keeps the program alive.
			ref?.release();
		}
	}
}
