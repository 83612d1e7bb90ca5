// A snapshot database as version 1 of the store left it (one record per content in `blobs`),
// to test that a newer version opens it. Self-contained, so that a browser test can hand it to
// page.evaluate as it is; unit tests call it on fake-indexeddb.

/** One snapshot of text files, as version 1 stored it. */
export interface Version1Snapshot {
	id: string;
	workspaceId: string;
	name: string;
	files: Record<string, string>;
}

/** Deletes the snapshot database and writes `snapshot` into a version 1 one; returns its hashes. */
export async function writeVersion1Database(snapshot: Version1Snapshot): Promise<string[]> {
	const request = <T>(r: IDBRequest<T>) =>
		new Promise<T>((resolve, reject) => {
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
	await request(indexedDB.deleteDatabase('bytestorm-snapshots'));
	const open = indexedDB.open('bytestorm-snapshots', 1);
	open.onupgradeneeded = () => {
		const db = open.result;
		db.createObjectStore('blobs');
		db.createObjectStore('snapshots', { keyPath: 'id' }).createIndex('workspace', [
			'workspaceId',
			'created'
		]);
		db.createObjectStore('manifests', { keyPath: 'id' });
		db.createObjectStore('meta');
	};
	const db = await request(open);
	const files = await Promise.all(
		Object.entries(snapshot.files).map(async ([path, text]) => {
			const bytes = new TextEncoder().encode(text);
			const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
			const hash = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
			return { path, hash, bytes };
		})
	);
	const size = files.reduce((sum, file) => sum + file.bytes.length, 0);
	const tx = db.transaction(['blobs', 'snapshots', 'manifests', 'meta'], 'readwrite');
	for (const file of files) tx.objectStore('blobs').put(file.bytes, file.hash);
	tx.objectStore('snapshots').put({
		id: snapshot.id,
		workspaceId: snapshot.workspaceId,
		name: snapshot.name,
		created: Date.now() - 60_000,
		auto: false,
		fileCount: files.length,
		size,
		changed: files.length,
		newBytes: size
	});
	tx.objectStore('manifests').put({
		id: snapshot.id,
		workspaceId: snapshot.workspaceId,
		files: files.map(({ path, hash, bytes }) => ({ path, hash, size: bytes.length, kind: 'text' })),
		emptyFolders: []
	});
	tx.objectStore('meta').put({ bytes: size, blobs: files.length }, 'usage');
	await new Promise((resolve, reject) => {
		tx.oncomplete = resolve;
		tx.onerror = () => reject(tx.error);
	});
	db.close();
	return files.map((file) => file.hash);
}
