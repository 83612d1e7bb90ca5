// The JavaScript worker's entry: it only exposes the logic (node.ts) over comlink.
import * as Comlink from 'comlink';
import { JsWorker } from './node.ts';

Comlink.expose(new JsWorker());
