export type {
	Entry,
	EntryType,
	FileEncoding,
	FileSystem,
	Origin,
	PathChange,
	Stat,
	WorkspaceChange,
	WriteOptions
} from './types.ts';
export {
	AlreadyExistsError,
	BinaryFileError,
	FileTooLargeError,
	InvalidNameError,
	InvalidPathError,
	IsADirectoryError,
	NotADirectoryError,
	NotEmptyError,
	NotFoundError,
	QuotaExceededError,
	StorageError,
	StorageUnavailableError,
	WorkspaceError,
	toStorageError,
	type WorkspaceErrorCode
} from './errors.ts';
export {
	MAX_NAME_BYTES,
	MAX_PATH_BYTES,
	basename,
	dirname,
	extname,
	isInside,
	joinPath,
	normalizeEntryPath,
	normalizePath,
	validateName
} from './paths.ts';
export { contentFromBytes, equalBytes, isProbablyText } from './content.ts';
export { ORIGINS, isOrigin } from './changes.ts';
export {
	DEFAULT_MAX_FILE_BYTES,
	FILES_MAP,
	FOLDERS_MAP,
	Workspace,
	type FileValue,
	type WorkspaceOptions
} from './workspace.ts';
export {
	WorkspacePersistence,
	deleteWorkspaceData,
	persistenceDatabaseName,
	type PersistenceEvents,
	type PersistenceOptions,
	type PersistenceStatus
} from './persistence.ts';
export {
	MAX_WORKSPACE_NAME_LENGTH,
	closeRegistry,
	createWorkspace,
	deleteWorkspace,
	getWorkspace,
	listWorkspaces,
	registryStorageProblem,
	renameWorkspace,
	touchWorkspace,
	validateWorkspaceName,
	type WorkspaceMeta
} from './registry.ts';
export {
	META_MAP,
	applyTemplate,
	getTemplate,
	seedTemplate,
	templates,
	type Template,
	type TemplateId
} from './templates.ts';
