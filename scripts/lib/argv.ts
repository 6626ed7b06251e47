/**
 * Command lines of the entry points that are not the `cover` CLI (npm start, npm run deploy), read with
 * node:util's parseArgs, strict: options only, each known by name. Its errors are put in this project's words:
 * `unknown argument "<arg>"` and `--<option> needs <what its value is>`, each followed by the command's usage.
 */
import { parseArgs } from "node:util";

/** Each option's type, and for a string option what its value is, for the error when it is missing. */
export type OptionKinds = Record<string, { type: "string"; needs: string } | { type: "boolean" }>;
export type OptionValues<T extends OptionKinds> = { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean };

/** The options of `argv` by name; throws an Error with a specific message (and `usage`) for anything else. */
export function readCommandLine<T extends OptionKinds>(argv: string[], options: T, usage: string): OptionValues<T> {
  try {
    const types = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type }]));
    return parseArgs({ args: argv, options: types, strict: true, allowPositionals: false }).values as OptionValues<T>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = quoted.split(" ")[0];
      const option = options[name.replace(/^--/, "")];
      throw new Error(`${name} ${option?.type === "string" ? `needs ${option.needs}` : "takes no value"}\n${usage}`);
    }
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new Error(`unknown argument ${JSON.stringify(quoted)}\n${usage}`);
    }
    throw error;
  }
}
