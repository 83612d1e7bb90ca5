import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-static';
import { defineConfig } from 'vitest/config';
import { pyodideAssets } from './scripts/vite-pyodide-assets.ts';

export default defineConfig({
	plugins: [
		pyodideAssets(),
		sveltekit({
			// The app is fully client-side: every route renders in the browser from one fallback page.
			adapter: adapter({ fallback: '200.html' }),
			// Registered by the app (src/lib/offline/connection.svelte.ts), which follows its updates.
			serviceWorker: { register: false },
			compilerOptions: { runes: true }
		})
	],
	server: {
		// The dev server needs the same isolation headers as the real one, or SharedArrayBuffer is missing.
		headers: {
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp',
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				test: {
					name: 'server',
					include: ['tests/server/**/*.test.ts'],
					// node:sqlite is stable enough for us but still warns on Node 24.9.
					execArgv: ['--disable-warning=ExperimentalWarning'],
					environment: 'node',
					testTimeout: 20_000
				}
			},
			{
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// One Chromium at a time: these machines have two cores.
					fileParallelism: false
				}
			}
		]
	}
});
