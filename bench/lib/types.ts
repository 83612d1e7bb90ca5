/** One benchmark: `run` measures it and its baseline side by side in the same run. */
export interface Benchmark {
	description: string;
	run(): Promise<{ table: string; data: Record<string, unknown> }>;
}
