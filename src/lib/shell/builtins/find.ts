// find with the tests people type: paths first (default `.`), then `-name`, `-iname`, `-type`,
// `-maxdepth`, `-mindepth`, `!`/`-not` and `-print`, all of which must hold. Paths are printed
// as find prints them: the start as typed, then `start/name/...`, each folder before its contents.
import picomatch from 'picomatch';
import { NotFoundError } from '../../workspace/errors.ts';
import type { EntryType } from '../../workspace/types.ts';
import { UsageError, reason } from '../errors.ts';
import { defineBuiltin } from './define.ts';
import { subtreeListing } from './files-listing.ts';
import { joinShown, operandError, quoteArg, statOperand } from './files-operands.ts';
import { ListingOutput } from './files-output.ts';

/** One test of the expression: true when the entry is to be printed. */
type Test = (name: string, type: EntryType) => boolean;

interface Expression {
	tests: Test[];
	maxDepth: number;
	minDepth: number;
}

/** Types GNU find accepts for -type; only files and folders exist in a workspace. */
const TYPES = new Set(['f', 'd', 'l', 'b', 'c', 'p', 's', 'D']);

/** `find`: lists the paths under folders that pass the given tests. */
export const find = defineBuiltin(
	'find',
	'search for files and folders by name and type',
	'find [PATH]... [-name PATTERN] [-iname PATTERN] [-type f|d] [-maxdepth N] [-mindepth N]',
	async (ctx) => {
		const args = ctx.argv.slice(1);
		let first = 0;
		while (first < args.length && !startsExpression(args[first]!)) first++;
		const starts = first > 0 ? args.slice(0, first) : ['.'];
		const expression = parseExpression(args.slice(first));
		const out = new ListingOutput(ctx);
		const print = async (shown: string, name: string, type: EntryType, depth: number) => {
			if (depth >= expression.minDepth && expression.tests.every((test) => test(name, type))) {
				await out.write(`${shown}\n`);
			}
		};

		let status = 0;
		for (const start of starts) {
			let path: string;
			let type: EntryType;
			try {
				if (start === '') throw new NotFoundError(start);
				path = ctx.shell.resolve(start);
				type = statOperand(ctx.fs, path, start).type;
			} catch (error) {
				await out.error(`find: ${quoteArg(start)}: ${reason(operandError(error))}\n`);
				status = 1;
				continue;
			}
			await print(start, startName(start), type, 0);
			if (type !== 'dir' || expression.maxDepth === 0) continue;
			const listing = subtreeListing(ctx.fs, path);
			// Depth first, in name order, with a stack rather than recursion.
			const pending = listing(path)
				.map((entry) => ({ entry, shown: joinShown(start, entry.name), depth: 1 }))
				.reverse();
			while (pending.length > 0) {
				const { entry, shown, depth } = pending.pop()!;
				await print(shown, entry.name, entry.type, depth);
				await out.tick();
				if (entry.type !== 'dir' || depth >= expression.maxDepth) continue;
				const children = listing(entry.path);
				for (let i = children.length - 1; i >= 0; i--) {
					const child = children[i]!;
					pending.push({ entry: child, shown: joinShown(shown, child.name), depth: depth + 1 });
				}
			}
		}
		await out.flush();
		return status;
	}
);

function startsExpression(arg: string): boolean {
	return (arg.startsWith('-') && arg.length > 1) || arg === '!' || arg === '(' || arg === ')';
}

/** The name -name matches for a start path: its last component (`.` for `./`). */
function startName(start: string): string {
	const trimmed = start.replace(/\/+$/, '');
	return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Reads the expression after the paths; throws UsageError with find's wording. */
function parseExpression(args: string[]): Expression {
	const expression: Expression = { tests: [], maxDepth: Infinity, minDepth: 0 };
	let negate = false;
	const add = (test: Test) => {
		const negated = negate;
		expression.tests.push(negated ? (name, type) => !test(name, type) : test);
		negate = false;
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const value = () => {
			const next = args[++i];
			if (next === undefined) throw new UsageError(`missing argument to '${arg}'`, 1);
			return next;
		};
		switch (arg) {
			case '!':
			case '-not':
				negate = !negate;
				break;
			case '-name':
			case '-iname':
				add(nameTest(value(), arg === '-iname'));
				break;
			case '-type':
				add(typeTest(value()));
				break;
			case '-maxdepth':
				expression.maxDepth = depth(arg, value());
				break;
			case '-mindepth':
				expression.minDepth = depth(arg, value());
				break;
			case '-print':
				break;
			default:
				if (!startsExpression(arg)) {
					throw new UsageError(`paths must precede expression: ${quoteArg(arg)}`, 1);
				}
				throw new UsageError(`unknown predicate ${quoteArg(arg)}`, 1);
		}
	}
	if (negate) throw new UsageError("expected an expression after '!'", 1);
	return expression;
}

/**
 * -name: a glob on the base name, as fnmatch matches it (`*` also matches a leading dot; no
 * braces or extglobs). picomatch never lets `*` match `.` itself, so `find . -name '*'` leaves
 * out the start `.` that GNU prints.
 */
function nameTest(pattern: string, ignoreCase: boolean): Test {
	const matches = picomatch(pattern, {
		dot: true,
		nocase: ignoreCase,
		nobrace: true,
		noextglob: true,
		// `[!a]` is POSIX negation only in picomatch's posix mode.
		posix: true,
		windows: false
	});
	return (name) => matches(name);
}

function typeTest(value: string): Test {
	const types = value.split(',');
	for (const type of types) {
		if (!TYPES.has(type)) throw new UsageError(`Unknown argument to -type: ${value}`, 1);
	}
	const wanted = new Set(types.map((type) => (type === 'f' ? 'file' : type === 'd' ? 'dir' : '')));
	return (_name, type) => wanted.has(type);
}

function depth(option: string, value: string): number {
	if (!/^\d+$/.test(value)) {
		throw new UsageError(
			`Expected a positive decimal integer argument to ${option}, but got ${quoteArg(value)}`,
			1
		);
	}
	return Number(value);
}
