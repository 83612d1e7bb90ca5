// The `fetch` a program sees. Node's fetch needs an absolute URL, and the offline runtime's
// servers are on the preview, not on the network: a relative URL fails as in Node, localhost says
// where its servers are, and a site the browser cannot reach (no network, or no CORS) fails with a
// sentence instead of the browser's bare "Failed to fetch".

const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Wraps the browser's fetch with Node's URL rule and clear failures. */
export function createFetch(native: typeof fetch): typeof fetch {
	return async (input, init) => {
		const text = input instanceof Request ? input.url : String(input);
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			throw Object.assign(new TypeError(`Failed to parse URL from ${text}`), {
				code: 'ERR_INVALID_URL'
			});
		}
		if (local.test(url.hostname)) {
			throw new TypeError(
				`fetch failed: ${url.href} is not reachable from the offline JavaScript runtime: a server a program starts here answers the preview, not the network. Open the preview to try it, or run the program in a cloud sandbox.`
			);
		}
		try {
			return await native(input, init);
		} catch (error) {
			if (error instanceof DOMException && error.name === 'AbortError') throw error;
			throw new TypeError(
				`fetch failed: the offline JavaScript runtime could not reach ${url.href} (it needs the network, and the site must allow browser pages to read it). Run the program with the online runtime (WebContainers) or in a cloud sandbox.`,
				{ cause: error }
			);
		}
	};
}
