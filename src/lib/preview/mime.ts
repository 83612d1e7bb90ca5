// Content types of the files a preview serves, by extension. Browsers refuse module scripts
// and stylesheets served with the wrong type, so the common web types must be right.

const types: Readonly<Record<string, string>> = {
	html: 'text/html; charset=utf-8',
	htm: 'text/html; charset=utf-8',
	css: 'text/css; charset=utf-8',
	js: 'text/javascript; charset=utf-8',
	mjs: 'text/javascript; charset=utf-8',
	cjs: 'text/javascript; charset=utf-8',
	json: 'application/json; charset=utf-8',
	map: 'application/json; charset=utf-8',
	txt: 'text/plain; charset=utf-8',
	md: 'text/markdown; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	xml: 'application/xml; charset=utf-8',
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	avif: 'image/avif',
	ico: 'image/x-icon',
	wasm: 'application/wasm',
	woff: 'font/woff',
	woff2: 'font/woff2',
	ttf: 'font/ttf',
	otf: 'font/otf',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	ogg: 'audio/ogg',
	mp4: 'video/mp4',
	webm: 'video/webm',
	pdf: 'application/pdf'
};

/** The Content-Type for a file name; unknown extensions are plain bytes. */
export function contentTypeOf(name: string): string {
	const dot = name.lastIndexOf('.');
	const extension = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
	return types[extension] ?? 'application/octet-stream';
}
