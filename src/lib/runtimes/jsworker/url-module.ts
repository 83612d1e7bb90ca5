// Node's `url`: WHATWG URL plus the file-URL helpers and the legacy parse/format.

/** Creates the `url` module. */
export function createUrl(): Record<string, unknown> {
	const fileURLToPath = (url: string | URL) => {
		const parsed = typeof url === 'string' ? new URL(url) : url;
		if (parsed.protocol !== 'file:') {
			const error = new TypeError('The URL must be of scheme file');
			(error as { code?: string }).code = 'ERR_INVALID_URL_SCHEME';
			throw error;
		}
		return decodeURIComponent(parsed.pathname);
	};
	const pathToFileURL = (path: string) =>
		new URL(
			`file://${encodeURI(path.startsWith('/') ? path : `${process.cwd()}/${path}`).replace(/[?#]/g, encodeURIComponent)}`
		);
	const parse = (text: string, parseQuery = false) => {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			url = new URL(text, 'relative:///');
		}
		const relative = url.protocol === 'relative:';
		const query = url.search.slice(1);
		return {
			protocol: relative ? null : url.protocol,
			slashes: relative ? null : true,
			auth: url.username ? `${url.username}${url.password ? `:${url.password}` : ''}` : null,
			host: relative ? null : url.host,
			port: url.port || null,
			hostname: relative ? null : url.hostname,
			hash: url.hash || null,
			search: url.search || null,
			query: parseQuery ? Object.fromEntries(new URLSearchParams(query)) : query || null,
			pathname: url.pathname,
			path: url.pathname + url.search,
			href: relative ? text : url.href
		};
	};
	const format = (value: URL | Record<string, string | null | undefined>) => {
		if (value instanceof URL) return value.href;
		const host =
			value.host ?? (value.hostname ? value.hostname + (value.port ? `:${value.port}` : '') : '');
		return `${value.protocol ? `${value.protocol}//` : ''}${host}${value.pathname ?? ''}${value.search ?? ''}${value.hash ?? ''}`;
	};
	return {
		URL,
		URLSearchParams,
		fileURLToPath,
		pathToFileURL,
		parse,
		format,
		resolve: (from: string, to: string) =>
			new URL(to, new URL(from, 'resolve://')).href.replace(/^resolve:\/\//, ''),
		domainToASCII: (domain: string) => new URL(`http://${domain}`).hostname,
		domainToUnicode: (domain: string) => domain
	};
}
