/** The largest file the workspace accepts (uploads, imports, program writes): 50 MB. */
export const maxFileBytes = 50 * 1024 * 1024;

/** The most files and folders one workspace holds (imports, duplicates): 20,000. */
export const maxWorkspaceEntries = 20_000;

/** The most bytes all of a workspace's files hold together (imports, duplicates): 200 MB. */
export const maxWorkspaceBytes = 200 * 1024 * 1024;
