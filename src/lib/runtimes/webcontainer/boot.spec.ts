import { describe, expect, it, vi } from 'vitest';
import { ContainerBooter, type BootEnvironment } from './boot.ts';
import { fakeContainer } from './testing.ts';

function environment(overrides: Partial<BootEnvironment>): () => BootEnvironment {
	return () => ({
		boot: () => new Promise(() => {}),
		crossOriginIsolated: true,
		online: true,
		timeoutMs: 20,
		...overrides
	});
}

describe('ContainerBooter', () => {
	it('gives up after its timeout when boot() never settles, and says why', async () => {
		const booter = new ContainerBooter(environment({}));
		const result = await booter.boot();
		expect(result).toMatchObject({ ok: false, reason: 'timeout' });
		if (!result.ok) expect(result.message).toMatch(/did not answer/);
	});

	it('boots once: a second caller joins the first attempt, and a late success is kept', async () => {
		const { container } = fakeContainer();
		let finish!: () => void;
		const boot = vi.fn(
			() => new Promise<typeof container>((resolve) => (finish = () => resolve(container)))
		);
		const booter = new ContainerBooter(environment({ boot }));
		const [first, second] = await Promise.all([booter.boot(), booter.boot()]);
		expect(first.ok).toBe(false);
		expect(second.ok).toBe(false);
		finish();
		await Promise.resolve();
		const third = await booter.boot();
		expect(third).toEqual({ ok: true, container });
		expect(boot).toHaveBeenCalledTimes(1);
	});

	it('does not try without cross-origin isolation or while offline', async () => {
		const boot = vi.fn(() => new Promise<never>(() => {}));
		const isolated = await new ContainerBooter(
			environment({ boot, crossOriginIsolated: false })
		).boot();
		expect(isolated).toMatchObject({ ok: false, reason: 'not-isolated' });
		const offline = await new ContainerBooter(environment({ boot, online: false })).boot();
		expect(offline).toMatchObject({ ok: false, reason: 'offline' });
		expect(boot).not.toHaveBeenCalled();
	});

	it('reports a boot that rejects with its message, and tries again next time', async () => {
		const { container } = fakeContainer();
		const boot = vi
			.fn<() => Promise<typeof container>>()
			.mockRejectedValueOnce(new Error('Unable to create more instances'))
			.mockResolvedValueOnce(container);
		const booter = new ContainerBooter(environment({ boot }));
		const failed = await booter.boot();
		expect(failed).toMatchObject({ ok: false, reason: 'failed' });
		if (!failed.ok) expect(failed.message).toContain('Unable to create more instances');
		// 'failed' is remembered: the page does not hammer a broken runtime.
		expect((await booter.boot()).ok).toBe(false);
		expect(boot).toHaveBeenCalledTimes(1);
	});

	it('forgets a crashed container so that the next boot starts afresh', async () => {
		const first = fakeContainer();
		const second = fakeContainer();
		const boot = vi
			.fn<() => Promise<typeof first.container>>()
			.mockResolvedValueOnce(first.container)
			.mockResolvedValueOnce(second.container);
		const booter = new ContainerBooter(environment({ boot }));
		expect(await booter.boot()).toEqual({ ok: true, container: first.container });
		booter.discard(first.container);
		expect(first.fake.tornDown).toBe(true);
		expect(await booter.boot()).toEqual({ ok: true, container: second.container });
	});
});
