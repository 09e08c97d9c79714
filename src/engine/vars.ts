/**
 * Variable values for a session, by precedence: --var, then --answers, then the `drill:` value
 * (drill mode), then the environment (`env:`), then `default:`, then a prompt. Drill values beat
 * the environment so a drill never reaches production because of a variable left set in a shell.
 */
import type { VarSource } from '../session/events.js';
import { parsePattern } from '../runbook/regex.js';
import type { Runbook, Var } from '../runbook/schema.js';

export interface ResolvedVar {
  value: string;
  secret: boolean;
  source: VarSource;
}

export interface VarResolution {
  values: Map<string, ResolvedVar>;
  /** Variables that need the operator (a prompt, or required and unset). */
  needed: { name: string; spec: Var; question: string }[];
  /** Values given that do not fit the variable's pattern, and unknown --var names. */
  errors: string[];
}

export interface VarInputs {
  mode: 'incident' | 'drill';
  cli: Record<string, string>;
  answers: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

/** Resolves every declared variable it can without asking anyone. */
export function resolveVars(runbook: Runbook, inputs: VarInputs): VarResolution {
  const values = new Map<string, ResolvedVar>();
  const needed: VarResolution['needed'] = [];
  const errors: string[] = [];
  const declared = runbook.vars ?? {};

  for (const name of Object.keys(inputs.cli)) {
    if (!(name in declared)) errors.push(`--var ${name}: the runbook declares no variable ${name} (it has ${Object.keys(declared).join(', ') || 'none'})`);
  }

  for (const [name, spec] of Object.entries(declared)) {
    const secret = spec.secret === true;
    const pick = (): [string, VarSource] | undefined => {
      if (inputs.cli[name] !== undefined) return [inputs.cli[name], 'cli'];
      if (inputs.answers[name] !== undefined) return [inputs.answers[name], 'answers'];
      if (inputs.mode === 'drill' && spec.drill !== undefined) return [String(spec.drill), 'drill'];
      if (spec.env && inputs.env[spec.env] !== undefined && inputs.env[spec.env] !== '') return [inputs.env[spec.env] ?? '', 'env'];
      if (spec.default !== undefined) return [String(spec.default), 'default'];
      return undefined;
    };
    const found = pick();
    if (!found) {
      if (spec.prompt || spec.required) needed.push({ name, spec, question: spec.prompt ?? `${name}${spec.description ? ` (${spec.description})` : ''}${spec.env ? ` [or set ${spec.env}]` : ''}` });
      else values.set(name, { value: '', secret, source: 'default' });
      continue;
    }
    const [value, source] = found;
    const problem = patternProblem(name, spec, value);
    if (problem) errors.push(problem);
    values.set(name, { value, secret, source });
  }
  return { values, needed, errors };
}

/** Why a value does not fit its variable's pattern, if it does not. */
export function patternProblem(name: string, spec: { pattern?: string; secret?: boolean }, value: string): string | undefined {
  if (!spec.pattern) return undefined;
  const pattern = parsePattern(spec.pattern);
  if (typeof pattern === 'string' || pattern.test(value)) return undefined;
  return `${name}: ${spec.secret ? 'the value' : JSON.stringify(value)} does not match the pattern ${spec.pattern}`;
}
