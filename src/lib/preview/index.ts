export { PreviewHost, type PreviewApp, type PreviewSource } from './host.ts';
export {
	previewUrl,
	type PreviewConsoleMessage,
	type PreviewRequest,
	type PreviewResponse
} from './protocol.ts';
