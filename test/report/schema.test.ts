import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json.js';
import { reportJsonSchema, ReportSchema } from '../../src/report/schema.js';
import { ROOT } from '../helpers/cli.js';
import { expectGolden } from './golden.js';
import { JournalBuilder } from './journal-builder.js';

describe('the report JSON Schema', () => {
  it('is kept at schema/report.schema.json, identical to the one generated from the model', () => {
    expectGolden(join(ROOT, 'schema', 'report.schema.json'), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
  });

  it('is a draft 2020-12 schema that closes every object', () => {
    const schema = reportJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['drpReport', 'generatedAt', 'summary', 'objectives', 'timeline', 'steps', 'deviations', 'escalations', 'followUps']);
  });

  it('accepts the JSON the renderer writes and rejects a report with a field missing or unknown', () => {
    const json = JSON.parse(renderJson(buildReport(new JournalBuilder().command('check', 1000).finish().events, { generatedAt: 0 }))) as Record<string, unknown>;
    expect(ReportSchema.safeParse(json).success).toBe(true);
    const { timeline: _timeline, ...missing } = json;
    expect(ReportSchema.safeParse(missing).success).toBe(false);
    expect(ReportSchema.safeParse({ ...json, extra: 1 }).success).toBe(false);
  });
});
