/** Regexes as written in runbooks: `/pattern/flags`. */
const LITERAL = /^\/(.*)\/([dgimsuvy]*)$/s;

/** The parsed form of `/pattern/flags`, or a message saying what is wrong with it. */
export function parseRegexLiteral(text: string): RegExp | string {
  const match = LITERAL.exec(text);
  if (!match) return `"${text}" is not a regex: write it as /pattern/ or /pattern/flags`;
  const [, source = '', flags = ''] = match;
  // A global or sticky regex keeps state between .test() calls: never what a check wants.
  const safeFlags = flags.replace(/[gy]/g, '');
  try {
    return new RegExp(source, safeFlags);
  } catch (error) {
    return `bad regex ${text}: ${cleanRegexError(error)}`;
  }
}

/** A bare pattern (as in a variable's `pattern:`), compiled, or a message. */
export function parsePattern(text: string): RegExp | string {
  try {
    return new RegExp(text);
  } catch (error) {
    // Shown as written in the YAML (JSON quoting would double every backslash).
    return `bad pattern '${text}': ${cleanRegexError(error)}`;
  }
}

function cleanRegexError(error: unknown): string {
  return (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '').replace(/^Invalid regular expression: /, '');
}
