export { servePreviewApp, type PreviewApp } from './apps.ts';
export { errorPage } from './error-page.ts';
export { PreviewHost, type PreviewSource } from './host.ts';
export {
	previewUrl,
	type PreviewConsoleMessage,
	type PreviewRequest,
	type PreviewResponse
} from './protocol.ts';
