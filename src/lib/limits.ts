/** The largest file the workspace accepts (uploads, imports, program writes): 50 MB. */
export const maxFileBytes = 50 * 1024 * 1024;
