/** The Steps section of the markdown report: per step, what ran, what it printed, what was decided. Pure. */
import { code, fenced, text } from './md.js';
import type { Report, Run, StepEntry } from './schema.js';
import { dur, tOffset, when } from './time.js';

/** `## Steps`, one sub-section per step that ran. */
export function stepsSection(r: Report): string {
  const parts = ['## Steps'];
  if (r.steps.entries.length === 0) parts.push('No step was started.');
  r.steps.entries.forEach((entry, i) => parts.push(stepEntry(entry, i + 1)));
  if (r.steps.notRun.length > 0) {
    parts.push('### Not run', r.steps.notRun.map((s) => `- ${text(s.title)} (${code(s.id)})`).join('\n'));
  }
  if (r.steps.notes.length > 0) {
    parts.push('### Notes', r.steps.notes.map((n) => `- ${tOffset(n.offsetMs)} ${text(n.by)}: ${text(n.text)}`).join('\n'));
  }
  return parts.join('\n\n');
}

function stepEntry(entry: StepEntry, n: number): string {
  // A heading is one line: a title written over several lines is joined.
  const title = entry.adhoc ? `### ${n}. Ad-hoc command (${code(entry.id)})` : `### ${n}. ${text(entry.title.replace(/\s+/g, ' '))} (${code(entry.id)})`;
  const parts = [title];
  entry.runs.forEach((run, i) => {
    if (entry.runs.length > 1) parts.push(`**Run ${i + 1} of ${entry.runs.length}**, ${when(run.startedAt, run.offsetMs)}`);
    parts.push(...runParts(run));
  });
  if (entry.choice) parts.push(`**Choice:** ${text(entry.choice.label)}${entry.choice.goto ? ` → ${code(entry.choice.goto)}` : ''}`);
  if (entry.input) parts.push(`**Input:** ${code(entry.input.var)} = ${entry.input.value === '' ? '_(empty)_' : code(entry.input.value)}`);
  if (entry.checklist) {
    const ticked = entry.checklist.filter((c) => c.ticked).length;
    parts.push(`**Checklist** (${ticked} of ${entry.checklist.length} ticked):`, entry.checklist.map((c) => `- [${c.ticked ? 'x' : ' '}] ${text(c.item)}`).join('\n'));
  }
  if (entry.notes.length > 0) {
    parts.push('**Notes:**', entry.notes.map((note) => `- ${tOffset(note.offsetMs)} ${text(note.by)}: ${text(note.text)}`).join('\n'));
  }
  return parts.join('\n\n');
}

function runParts(run: Run): string[] {
  const facts = [
    `**${run.status}**`,
    run.durationMs === null ? (run.status === 'running' ? 'still running' : 'duration unknown') : `took ${dur(run.durationMs)}`,
    ...(run.attempts > 1 ? [`${run.attempts} attempts`] : []),
    ...(run.timedOut ? ['timed out'] : []),
    ...(run.exitCode !== null ? [`exit ${run.exitCode}`] : []),
    ...(run.signal ? [`signal ${text(run.signal)}`] : []),
    `by ${text(run.by)}`,
  ];
  const parts = [`Status: ${facts.join(' · ')}`];
  if (run.reason) parts.push(`**Reason:** ${text(run.reason)}`);
  if (run.command !== null) parts.push(`**Command${run.edited ? ' (edited by the operator)' : ''}:**`, fenced(run.command, 'sh'));
  if (run.output.length > 0) {
    const size = run.outputBytes === null ? '' : `, ${bytes(run.outputBytes)} in all`;
    const log = run.log === null ? '' : `; full log: ${code(run.log)}`;
    parts.push(`**Output** (last ${run.output.length} line${run.output.length === 1 ? '' : 's'}${size}${log}):`, fenced(run.output.map((line) => line.text).join('\n'), 'text'));
  } else if (run.log !== null && run.command !== null) {
    parts.push(`**Output:** none${run.outputBytes ? ` shown (${bytes(run.outputBytes)} in the log)` : ''}; log: ${code(run.log)}`);
  }
  if (run.check) {
    parts.push(`**Check** (${text(run.check.kind)}): ${text(run.check.summary)}`);
    if (run.check.facts && Object.keys(run.check.facts).length > 0) parts.push(fenced(JSON.stringify(run.check.facts, null, 2), 'json'));
  }
  return parts;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
