/** The line being typed for a prompt (a reason, a note, a command, a confirmation word, a value), with its question or its error. */
import { showLine } from '../line-edit.js';
import type { Prompt } from '../play-state.js';
import type { Line } from '../text-lines.js';
import { Lines } from './lines.js';

/** Props of {@link PromptLine}. */
export interface PromptLineProps {
  prompt: Prompt;
  /** The current step's title, for the question. */
  stepTitle?: string;
  width: number;
}

const QUESTIONS: Record<Prompt['purpose'], (p: Prompt, title: string) => string> = {
  skip: (_, title) => `Why skip "${title}"? (Enter records it, Esc cancels)`,
  abort: () => 'Why end the session here? It ends as failed, exit 1 (Enter ends it, Esc cancels)',
  note: () => 'Note for the journal and the report (Enter adds it, Esc cancels)',
  adhoc: () => 'Ad-hoc command, run in the runbook folder and recorded as a deviation (Enter runs it)',
  edit: () => 'Edit the command; ${VAR} still works (Enter runs it, recorded as edited; Esc cancels)',
  confirm: (p) => `Dangerous step: type ${p.word ?? ''} to run it (Esc cancels)`,
  input: (p) => `Value${p.secret ? ' (secret: not shown, not journaled)' : ''} (Enter gives it, Esc cancels)`,
};

/** The prompt's two lines. */
export function promptLines({ prompt, stepTitle, width }: PromptLineProps): Line[] {
  const head: Line = prompt.error ? [{ text: `✗ ${prompt.error}`, tone: 'red', bold: true }] : [{ text: QUESTIONS[prompt.purpose](prompt, stepTitle ?? ''), bold: true }];
  return [head, [{ text: '> ', bold: true }, { text: showLine(prompt.edit, Math.max(1, width - 2), prompt.secret) }]];
}

export function PromptLine(props: PromptLineProps) {
  return <Lines lines={promptLines(props)} width={props.width} height={2} />;
}
