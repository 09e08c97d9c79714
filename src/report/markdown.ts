/**
 * The report as GitHub-flavoured markdown (SPEC §4): the seven sections in order, ready to paste
 * into a post-mortem. Pure: the model in, a string out. Every time is UTC with its T+ offset.
 */
import { formatDuration } from '../runbook/duration.js';
import { cell, code, table, text } from './md.js';
import { stepsSection } from './markdown-steps.js';
import type { History, Met, Report } from './schema.js';
import { dur, tOffset, utc, when } from './time.js';

/** The report as markdown, ending with a newline. */
export function renderMarkdown(report: Report): string {
  const sections = [header(report), summary(report), objectives(report), timeline(report), stepsSection(report), deviations(report), escalations(report), followUps(report)];
  return `${sections.join('\n\n')}\n`;
}

const MET: Record<Met, string> = { yes: '✅ yes', no: '❌ no', 'not yet': '⏳ not yet', 'not measured': '➖ not measured', 'no target': '➖ no target' };

function header(r: Report): string {
  const s = r.summary;
  const kind = s.mode === 'drill' ? 'Drill report' : 'Incident report';
  const lines = [`# ${kind}: ${text(s.runbook.title)}`, '', `Session ${code(s.session)} · generated ${utc(Date.parse(r.generatedAt))} by drp ${text(s.drpVersion)}`];
  if (s.outcome === 'in progress' || s.outcome === 'interrupted') {
    lines.push('', `> **${s.outcome === 'in progress' ? 'In progress' : 'Interrupted'}:** this report was written before the session ended; it stops at the last recorded event (${utc(Date.parse(s.lastEventAt))}).`);
  }
  return lines.join('\n');
}

function summary(r: Report): string {
  const s = r.summary;
  const impact = Date.parse(s.impactAt);
  const at = (iso: string): string => `${utc(Date.parse(iso))} (${tOffset(Date.parse(iso) - impact)})`;
  const operator = s.operators.length > 1 ? `${s.operator} (then ${s.operators.slice(1).join(', ')})` : s.operator;
  const outcome = `**${s.outcome}**${s.exitCode === null ? '' : ` (exit ${s.exitCode})`}${s.reason ? `: ${text(s.reason)}` : ''}`;
  const rows: [string, string][] = [
    ['Runbook', `${text(s.runbook.title)} (${code(s.runbook.id)}, ${code(s.runbook.file)})`],
    ['System', text(s.system)],
    ['Scenario', text(s.scenario ?? '—')],
    ['Severity', text(s.severity)],
    ['Mode', `${s.mode}${s.interactive ? '' : ' (unattended)'}`],
    ['Operator', text(operator)],
    ['Host', text(s.hosts.join(', '))],
    ['Impact began', at(s.impactAt)],
    ['Started', at(s.startedAt)],
    ['Ended', s.endedAt ? at(s.endedAt) : `— (${s.outcome}; last event ${at(s.lastEventAt)})`],
    ['Duration', `${formatDuration(s.durationMs)}${s.endedAt ? '' : ' so far'}`],
    ['Outcome', outcome],
  ];
  const parts = ['## Summary', rows.map(([k, v]) => `- **${k}:** ${v}`).join('\n')];
  // drp's own variables (session id and folder, mode) say nothing the summary does not.
  const variables = s.variables.filter((v) => v.source !== 'builtin');
  if (variables.length > 0) {
    parts.push(
      '**Variables**',
      table(['Name', 'Value', 'Source'], variables.map((v) => [code(v.name, true), v.value === '' ? '' : code(v.value, true), `${v.source}${v.secret ? ' (secret)' : ''}`])),
    );
  }
  return parts.join('\n\n');
}

function objectives(r: Report): string {
  const rows = r.objectives.rows.map((o) => [cell(o.name), cell(o.target ?? '—'), cell(o.actual), MET[o.met], cell(o.note ?? '')]);
  const parts = ['## Objectives', table(['Objective', 'Target', 'Actual', 'Met', 'Note'], rows)];
  if (r.objectives.history) parts.push(previousDrills(r.objectives.history));
  return parts.join('\n\n');
}

function previousDrills(history: History): string {
  const parts = ['### Previous drills'];
  if (history.rows.length === 0) parts.push('No earlier play of this runbook is recorded.');
  else {
    const rows = history.rows.map((h) => [utc(Date.parse(h.startedAt)), h.mode, dur(h.durationMs), h.outcome, MET[h.rtoMet], code(h.session, true)]);
    parts.push(table(['Date', 'Mode', 'Duration', 'Outcome', 'RTO met', 'Session'], rows));
  }
  parts.push(`**Trend:** ${text(history.trend)}`);
  return parts.join('\n\n');
}

function timeline(r: Report): string {
  if (r.timeline.length === 0) return '## Timeline\n\nNo step was started.';
  const phases = r.timeline.some((t) => t.phase !== null);
  const header = ['#', 'Started', ...(phases ? ['Phase'] : []), 'Step', 'Duration', 'Estimate', 'Status', 'Who'];
  const rows = r.timeline.map((t, i) => [
    String(i + 1),
    when(t.startedAt, t.offsetMs),
    ...(phases ? [cell(t.phase ?? '—')] : []),
    `${cell(t.title)} (${t.adhoc ? 'ad-hoc' : code(t.step, true)})`,
    dur(t.durationMs),
    dur(t.estimateMs),
    `${t.status}${t.attempts > 1 ? ` (${t.attempts} attempts)` : ''}`,
    cell(t.by),
  ]);
  return `## Timeline\n\n${table(header, rows, ['right'])}`;
}

function deviations(r: Report): string {
  if (r.deviations.length === 0) return '## Deviations\n\nNone: every step ran as the runbook says, within its estimate.';
  const rows = r.deviations.map((d) => [
    when(d.at, d.offsetMs),
    d.kind,
    d.step === null ? '—' : code(d.step, true),
    `${cell(d.what)}${d.command ? `: ${code(d.command, true)}` : ''}`,
    cell(d.reason ?? ''),
  ]);
  return `## Deviations\n\n${table(['When', 'Kind', 'Step', 'What', 'Reason'], rows)}`;
}

function escalations(r: Report): string {
  if (r.escalations.length === 0) return '## Escalations and updates\n\nNo escalation was raised and no status update fell due.';
  const rows = r.escalations.map((e) => [when(e.at, e.offsetMs), cell(e.what), cell(e.contact ?? ''), e.threshold ? `after ${cell(e.threshold)}` : '']);
  return `## Escalations and updates\n\n${table(['When', 'What', 'Contact', 'Threshold'], rows)}`;
}

function followUps(r: Report): string {
  const f = r.followUps;
  const list = (items: string[]): string => (items.length === 0 ? '- ' : items.map((item) => `- ${text(item)}`).join('\n'));
  const actions = f.actionItems.length === 0 ? [['', '', '']] : f.actionItems.map((a) => [cell(a.action), cell(a.owner), cell(a.due)]);
  return [
    '## Follow-ups',
    '_Post-incident review: hold it within 48 hours, with everyone involved; walk the timeline and the deviations above._',
    '### What happened',
    f.whatHappened === '' ? '_To be written._' : text(f.whatHappened),
    '### What went well',
    list(f.wentWell),
    '### What to improve',
    list(f.toImprove),
    '### Action items',
    table(['Action', 'Owner', 'Due'], actions),
    '### Document updates',
    ['- [ ] Update the recovery time estimates (see the missed estimates above)', '- [ ] Update the runbook with the deviations above', '- [ ] Update the contact list and escalation path', `- [ ] Record the actual RTO${r.objectives.rows.some((o) => o.kind === 'rpo' && o.actualMs !== null) ? ' and RPO' : ''} in the DR plan`].join('\n'),
  ].join('\n\n');
}
