/**
 * Turning a runbook command into what the shell runs. Variables reach the command through its
 * environment and the shell expands them: a value is data, never shell code, whatever it holds
 * (SPEC §3). `${NAME}` outside quotes becomes `"${NAME}"` (no word splitting, no globbing); inside
 * double quotes and in here-documents it stays as is; inside single quotes the quote is closed
 * around it (`'a'"${NAME}"'b'`). A secret therefore never stands in argv for `ps` to show.
 */
import { substituteVars } from '../runbook/vars.js';

/** The command with each declared `${NAME}` made a safely quoted environment reference. */
export function quoteVarRefs(command: string, declared: ReadonlySet<string>): string {
  let out = '';
  let i = 0;
  let quote: '"' | "'" | undefined;
  const heredocs: { delimiter: string; quoted: boolean }[] = [];
  let inHeredoc: { delimiter: string; quoted: boolean } | undefined;

  while (i < command.length) {
    const char = command[i] ?? '';
    // here-document bodies: from the line after `<<WORD` to the line that is WORD
    if (inHeredoc) {
      const lineEnd = command.indexOf('\n', i);
      const line = command.slice(i, lineEnd < 0 ? command.length : lineEnd);
      if (line.replace(/^\t+/, '') === inHeredoc.delimiter) {
        inHeredoc = heredocs.shift();
      } else {
        // unquoted delimiter: the shell expands ${NAME} itself; quoted: nothing expands, so leave it literal
        out += line;
        out += lineEnd < 0 ? '' : '\n';
        i = lineEnd < 0 ? command.length : lineEnd + 1;
        continue;
      }
      out += line + (lineEnd < 0 ? '' : '\n');
      i = lineEnd < 0 ? command.length : lineEnd + 1;
      continue;
    }
    if (char === '\\' && quote !== "'") {
      out += command.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === '$' && command[i + 1] === '$' && command[i + 2] === '{') {
      // $${NAME}: a literal ${NAME}; keep it escaped for the shell
      const match = /^\$\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(command.slice(i));
      if (match) {
        out += quote === "'" ? `\${${match[1]}}` : `\\\${${match[1]}}`;
        i += match[0].length;
        continue;
      }
    }
    if (char === '$' && command[i + 1] === '{') {
      const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(command.slice(i));
      if (match && declared.has(match[1] ?? '')) {
        const ref = `"\${${match[1]}}"`;
        out += quote === '"' ? match[0] : quote === "'" ? `'${ref}'` : ref;
        i += match[0].length;
        continue;
      }
    }
    if (quote === undefined && char === '<' && command[i + 1] === '<' && command[i + 2] !== '<') {
      const match = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(command.slice(i));
      if (match) {
        heredocs.push({ delimiter: match[2] ?? '', quoted: match[1] !== '' });
        out += match[0];
        i += match[0].length;
        continue;
      }
    }
    if (char === '\n' && quote === undefined && heredocs.length > 0) {
      inHeredoc = heredocs.shift();
      out += char;
      i++;
      continue;
    }
    if (char === '#' && quote === undefined && (i === 0 || /\s/.test(command[i - 1] ?? ''))) {
      // a comment runs to the end of the line: copy it untouched
      const lineEnd = command.indexOf('\n', i);
      out += command.slice(i, lineEnd < 0 ? command.length : lineEnd);
      i = lineEnd < 0 ? command.length : lineEnd;
      continue;
    }
    if ((char === '"' || char === "'") && (quote === undefined || quote === char)) quote = quote ? undefined : char;
    out += char;
    i++;
  }
  return out;
}

/** The command as a person reads it: each `${NAME}` replaced by its value (secrets masked). For screens, dry runs and the journal. */
export function displayCommand(command: string, value: (name: string) => string | undefined): string {
  return substituteVars(command, (name) => value(name) ?? `\${${name}}`);
}
