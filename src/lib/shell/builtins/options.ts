// Command-line options the way coreutils reads them: `-la` is `-l -a`, `-n 5` and `-n5` give a
// value, `--name=value` and `--name value` for long options, `--` ends the options, and a lone
// `-` is an operand (stdin).
import { UsageError } from '../errors.ts';

/** One option a command accepts. */
export interface OptionSpec {
	/** The short letter (`l` for `-l`), if any. */
	short?: string;
	/** The long name (`all` for `--all`), if any. */
	long?: string;
	/** The key in the parsed result; defaults to the long name, then the short letter. */
	key?: string;
	/** True when the option takes a value (`-n 5`). */
	value?: boolean;
}

/** Parsed options (flags are true, valued options hold their last value) and the operands. */
export interface ParsedOptions {
	flags: Record<string, true | undefined>;
	values: Record<string, string | undefined>;
	/** Every value of each valued option, in order (`grep -e a -e b`). */
	repeated: Record<string, string[] | undefined>;
	operands: string[];
}

/**
 * Parses `args` (argv without the command name). Throws UsageError with coreutils' wording
 * (`invalid option -- 'x'`) for unknown options and missing values; the caller prefixes the
 * command's name.
 */
export function parseOptions(args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
	const result: ParsedOptions = { flags: {}, values: {}, repeated: {}, operands: [] };
	const keyOf = (spec: OptionSpec) => spec.key ?? spec.long ?? spec.short!;
	const set = (spec: OptionSpec, value?: string) => {
		if (spec.value && value !== undefined) {
			result.values[keyOf(spec)] = value;
			(result.repeated[keyOf(spec)] ??= []).push(value);
		} else result.flags[keyOf(spec)] = true;
	};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--') {
			result.operands.push(...args.slice(i + 1));
			break;
		}
		if (arg.startsWith('--')) {
			const [name, inline] = splitOnce(arg.slice(2), '=');
			const spec = specs.find((s) => s.long === name);
			if (!spec) throw new UsageError(`unrecognized option '--${name}'`);
			if (spec.value) {
				const value = inline ?? args[++i];
				if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
				set(spec, value);
			} else if (inline !== undefined) {
				throw new UsageError(`option '--${name}' doesn't allow an argument`);
			} else set(spec);
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			for (let j = 1; j < arg.length; j++) {
				const letter = arg[j]!;
				const spec = specs.find((s) => s.short === letter);
				if (!spec) throw new UsageError(`invalid option -- '${letter}'`);
				if (spec.value) {
					const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
					if (value === undefined)
						throw new UsageError(`option requires an argument -- '${letter}'`);
					set(spec, value);
					break;
				}
				set(spec);
			}
			continue;
		}
		result.operands.push(arg);
	}
	return result;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
