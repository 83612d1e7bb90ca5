import { AlreadyExistsError } from './errors.ts';
import type { Workspace } from './workspace.ts';

/** The starting points a new workspace can be created from. */
export type TemplateId = 'empty' | 'python' | 'javascript' | 'web';

/** A starting point: what the picker shows and the files it writes. */
export interface Template {
	id: TemplateId;
	label: string;
	description: string;
	/** Path to text content. */
	files: Readonly<Record<string, string>>;
}

const pythonMain = `"""Your first Bytestorm program: change it and run it again."""


def greet(name: str) -> str:
    """Return a friendly greeting for name."""
    return f"Hello, {name}!"


def main() -> None:
    print(greet("Bytestorm"))
    squares = [n * n for n in range(1, 6)]
    print("The first five squares are", squares)


if __name__ == "__main__":
    main()
`;

const pythonReadme = `# Python workspace

\`main.py\` defines a function and prints a greeting.

Run it from the terminal:

\`\`\`
python main.py
\`\`\`

Then change the name it greets, or add your own functions.
`;

const javascriptIndex = `// Your first Bytestorm program: change it and run it again.

/** Returns a friendly greeting for name. */
export function greet(name) {
	return \`Hello, \${name}!\`;
}

const squares = [1, 2, 3, 4, 5].map((n) => n * n);

console.log(greet('Bytestorm'));
console.log('The first five squares are', squares);
`;

const javascriptPackage = `{
	"name": "my-project",
	"version": "1.0.0",
	"private": true,
	"type": "module",
	"main": "index.js",
	"scripts": {
		"start": "node index.js"
	}
}
`;

const javascriptReadme = `# JavaScript workspace

\`index.js\` defines a function and prints a greeting.

Run it from the terminal:

\`\`\`
node index.js
\`\`\`

or \`npm start\`, which runs the same command from \`package.json\`.
`;

const webIndex = `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<title>My page</title>
		<link rel="stylesheet" href="style.css" />
		<script type="module" src="script.js"></script>
	</head>
	<body>
		<main>
			<h1>Hello, web!</h1>
			<p>Edit <code>index.html</code>, <code>style.css</code> and <code>script.js</code>.</p>
			<button id="counter" type="button">Clicked 0 times</button>
		</main>
	</body>
</html>
`;

const webStyle = `body {
	margin: 0;
	font-family: system-ui, sans-serif;
	background: #f5f7fb;
	color: #1d2330;
}

main {
	max-width: 40rem;
	margin: 4rem auto;
	padding: 0 1rem;
}

button {
	padding: 0.5rem 1rem;
	border: none;
	border-radius: 0.5rem;
	background: #3b5bdb;
	color: white;
	font: inherit;
	cursor: pointer;
}
`;

const webScript = `// Module scripts run after the page is parsed, so the button already exists.
const button = document.querySelector('#counter');
let clicks = 0;

button.addEventListener('click', () => {
	clicks += 1;
	button.textContent = \`Clicked \${clicks} \${clicks === 1 ? 'time' : 'times'}\`;
});
`;

/** Every template, in the order a picker shows them. */
export const templates: readonly Template[] = [
	{
		id: 'python',
		label: 'Python',
		description: 'A small Python program with a function to change and run.',
		files: { 'main.py': pythonMain, 'README.md': pythonReadme }
	},
	{
		id: 'javascript',
		label: 'JavaScript',
		description: 'A Node.js program with a package.json, ready for npm.',
		files: {
			'index.js': javascriptIndex,
			'package.json': javascriptPackage,
			'README.md': javascriptReadme
		}
	},
	{
		id: 'web',
		label: 'Web page',
		description: 'An HTML page with a stylesheet and a script, shown live in the preview.',
		files: { 'index.html': webIndex, 'style.css': webStyle, 'script.js': webScript }
	},
	{
		id: 'empty',
		label: 'Empty',
		description: 'No files: start from scratch.',
		files: {}
	}
];

/** The template with this id. */
export function getTemplate(id: TemplateId): Template {
	const template = templates.find((candidate) => candidate.id === id);
	if (!template) throw new Error(`Unknown template "${String(id)}".`);
	return template;
}

/**
 * Writes a template's files into the workspace in one transaction with origin 'import'.
 * Refuses (AlreadyExistsError, before writing anything) if one of its files already exists.
 */
export function applyTemplate(ws: Workspace, id: TemplateId): void {
	const files = Object.entries(getTemplate(id).files);
	const taken = files.find(([path]) => ws.exists(path));
	if (taken !== undefined) {
		throw new AlreadyExistsError(
			taken[0],
			`"${taken[0]}" already exists: the template was not applied, so nothing was overwritten.`
		);
	}
	ws.doc.transact(() => {
		for (const [path, content] of files) ws.createFile(path, content, { origin: 'import' });
	}, 'import');
}

/** The doc map holding workspace-level facts; `template` records which template seeded it. */
export const META_MAP = 'meta';

/**
 * Applies the template the first time a workspace opens, and records that in the doc in the
 * same transaction, so deleting every file later never brings the template back. Returns
 * whether it wrote anything.
 */
export function seedTemplate(ws: Workspace, id: TemplateId): boolean {
	const meta = ws.doc.getMap<string>(META_MAP);
	if (meta.has('template')) return false;
	ws.doc.transact(() => {
		applyTemplate(ws, id);
		meta.set('template', id);
	}, 'import');
	return true;
}
