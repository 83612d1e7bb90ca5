// `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one.
// Each benchmark prints a table and writes bench/results/NAME.json. Benchmarks never pass or fail.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Benchmark } from './lib/types.ts';

const here = import.meta.dirname;
const names = (await readdir(here))
	.filter((file) => file.endsWith('.bench.ts'))
	.map((file) => file.slice(0, -'.bench.ts'.length))
	.sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !names.includes(name));
if (unknown.length > 0) {
	console.error(`Unknown benchmark: ${unknown.join(', ')}. There are: ${names.join(', ')}.`);
	process.exit(2);
}

await mkdir(join(here, 'results'), { recursive: true });
for (const name of wanted.length > 0 ? wanted : names) {
	const bench: Benchmark = (await import(join(here, `${name}.bench.ts`))).default;
	console.log(`\n# ${name}: ${bench.description}\n`);
	const result = await bench.run();
	console.log(result.table);
	const file = join(here, 'results', `${name}.json`);
	await writeFile(
		file,
		JSON.stringify({ name, date: new Date().toISOString(), ...result.data }, null, '\t') + '\n'
	);
	console.log(`\nwrote ${file}`);
}
