/**
 * The README's walkthroughs as data: every fenced block whose info string is `sh walkthrough=<who>`, with its
 * `npx cover ...` lines split into arguments (plain words and single- or double-quoted strings; a `#` outside
 * quotes starts a comment). A comment of the form `# expect: <regex>` is what that command's stdout must match.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";

export interface WalkthroughStep {
  line: string;
  args: string[];
  expect?: RegExp;
}

export interface Walkthrough {
  who: string;
  steps: WalkthroughStep[];
}

/** Splits a command line into words and its trailing comment. */
function split(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "#" && word === undefined) {
      return { words, comment: line.slice(i + 1).trim() };
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new Error(`unclosed quote in README walkthrough line: ${line}`);
  if (word !== undefined) words.push(word);
  return { words, comment: "" };
}

/** The walkthroughs of README.md, in order. */
export function readmeWalkthroughs(file = path.join(PROJECT_ROOT, "README.md")): Walkthrough[] {
  const text = readFileSync(file, "utf8");
  const out: Walkthrough[] = [];
  for (const m of text.matchAll(/^```sh walkthrough=(\w+)\n([\s\S]*?)^```$/gm)) {
    const steps: WalkthroughStep[] = [];
    for (const line of m[2].split("\n")) {
      if (!line.trim() || line.trim().startsWith("#")) continue;
      const { words, comment } = split(line);
      if (words[0] !== "npx" || words[1] !== "cover") throw new Error(`README walkthrough ${m[1]}: only \`npx cover\` lines are run, got: ${line}`);
      const expectMatch = /^expect: (.+)$/.exec(comment);
      steps.push({ line: line.trim(), args: words.slice(2), expect: expectMatch ? new RegExp(expectMatch[1]) : undefined });
    }
    out.push({ who: m[1], steps });
  }
  return out;
}
