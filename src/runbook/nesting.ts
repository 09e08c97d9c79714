/**
 * Refusing absurdly deep nesting before parsing (tree.ts measures it after), so that a crafted file cannot exhaust
 * the stack of the YAML composer, of zod or of the checks (a runbook is about 7 levels deep).
 */
import type { Problem } from './problem.js';

/** Deeper nesting than any runbook needs. */
export const MAX_NESTING = 64;

/** The problem of a file nested too deeply, at a place. */
export function deep(line: number, col: number): Problem {
  return { line, col, message: `nested more than ${MAX_NESTING} levels deep: a runbook never needs this; is this the right file?` };
}

/** Characters after which a `[`, `{` or quote starts a value rather than sitting inside plain text. */
const VALUE_START = new Set(['', ':', '-', '?', '[', '{', ',']);

/**
 * An estimate of the nesting from the text alone, in one pass: block indentation levels (with
 * compact `- - x`) plus open flow brackets, skipping quoted text, comments and block scalars.
 * It may count a level too many, never far too few, so it only refuses what is hopeless.
 */
export function textNestingProblem(text: string): Problem | undefined {
  const lines = text.split('\n');
  const stack: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let blockScalarAbove: number | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNo = index + 1;
    let p = 0;
    if (quote === undefined && flow === 0) {
      while (p < line.length && (line[p] === ' ' || line[p] === '\t')) p++;
      const rest = line.slice(p);
      if (rest === '' || rest === '\r' || rest.startsWith('#')) continue;
      if (blockScalarAbove !== undefined) {
        if (p > blockScalarAbove) continue;
        blockScalarAbove = undefined;
      }
      while (stack.length > 0 && (stack.at(-1) ?? 0) >= p) stack.pop();
      // `- `, `? ` and `: ` indicators each open a level on the same line.
      while (p < line.length && '-?:'.includes(line[p] ?? '') && (p + 1 === line.length || line[p + 1] === ' ' || line[p + 1] === '\t' || line[p + 1] === '\r')) {
        stack.push(p);
        p++;
        while (line[p] === ' ' || line[p] === '\t') p++;
        if (stack.length > MAX_NESTING) return deep(lineNo, p);
      }
      stack.push(p);
      if (stack.length > MAX_NESTING) return deep(lineNo, p + 1);
    }
    const keyCol = stack.at(-1) ?? 0;
    let prev = '';
    let lastSignificant = '';
    for (; p < line.length; p++) {
      const char = line[p] ?? '';
      if (quote !== undefined) {
        if (quote === '"' && char === '\\') p++;
        else if (char === quote) {
          if (quote === "'" && line[p + 1] === "'") p++;
          else quote = undefined;
        }
        lastSignificant = 'q';
        continue;
      }
      if (char === '#' && (prev === '' || prev === ' ' || prev === '\t')) break;
      if (char === ' ' || char === '\t' || char === '\r') {
        prev = char;
        continue;
      }
      const atValueStart = VALUE_START.has(lastSignificant) || flow > 0;
      if ((char === '"' || char === "'") && VALUE_START.has(lastSignificant)) quote = char;
      else if ((char === '[' || char === '{') && atValueStart) {
        flow++;
        if (stack.length + flow > MAX_NESTING) return deep(lineNo, p + 1);
      } else if ((char === ']' || char === '}') && flow > 0) flow--;
      prev = char;
      // A `:` or `-` only opens a value when followed by a space; elsewhere it is plain text.
      lastSignificant = (char === ':' || char === '-' || char === '?') && !/[\s]/.test(line[p + 1] ?? ' ') ? 'x' : char;
    }
    if (quote === undefined && flow === 0 && /(^|\s)[|>][-+0-9]*$/.test(withoutComment(line).trimEnd())) blockScalarAbove = keyCol;
  }
  return undefined;
}

function withoutComment(line: string): string {
  const hash = line.search(/(^|\s)#/);
  return hash < 0 ? line : line.slice(0, hash);
}
