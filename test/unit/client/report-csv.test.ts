import { describe, expect, it } from 'vitest';
import { BOM, csvField, csvText, percentCell, REPORT_COLUMNS, reportCsv, reportFileName, type ReportNaming } from '../../../client/src/domain/report-csv.ts';
import { byUnitName, rankUnits } from '../../../client/src/domain/unit-ranking.ts';
import { NAMES, novemberAnswer } from '../fixtures/indicators.ts';

const NAMING: ReportNaming = {
  column: (c) => `col:${c}`,
  unit: (id) => NAMES.get(id) ?? id,
  tier: (tier) => ({ city: '市', street: '街道', community: '社区' })[tier],
};

/** A minimal RFC 4180 reader: what Excel does with the bytes, to read back what was written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; }
    else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the last line has no CRLF');
  return rows;
}

describe('CSV for Excel', () => {
  it('quotes every field, doubles quotes, and keeps commas, line breaks and Chinese inside the field', () => {
    expect(csvField('杏花村社区服务站')).toBe('"杏花村社区服务站"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(12)).toBe('"12"');
    expect(csvField(0.5)).toBe('"0.5"');
    expect(csvField(null)).toBe('""');
  });

  it('never lets a text become a formula; numbers stay numbers', () => {
    for (const risky of ['=1+1', '+86', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvField(risky)).toBe(`"'${risky}"`);
    expect(csvField(-1)).toBe('"-1"');
  });

  it('starts with the UTF-8 byte order mark and ends every line with CRLF', () => {
    const text = csvText([['单位', '满意率'], ['杏花村, 一站', '95.0%']]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe('"单位","满意率"\r\n"杏花村, 一站","95.0%"\r\n');
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Chinese survives as UTF-8: decoding the bytes gives the text back.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(text);
    expect(parseCsv(text.slice(1))).toEqual([['单位', '满意率'], ['杏花村, 一站', '95.0%']]);
  });

  it('writes shares as percentages with one decimal, empty when they cannot be counted', () => {
    expect(percentCell(0.955)).toBe('95.5%');
    expect(percentCell(1)).toBe('100.0%');
    expect(percentCell(0)).toBe('0.0%');
    expect(percentCell(2 / 3)).toBe('66.7%');
    expect(percentCell(null)).toBeNull();
  });

  it('the report: the header, then one row per unit in the ranking\'s order, units and parents by name', () => {
    const answer = novemberAnswer();
    const ranking = rankUnits(answer.rows, byUnitName(NAMES, 'zh-CN'));
    const text = reportCsv(ranking, NAMING);
    expect(text.startsWith(BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(REPORT_COLUMNS.map((c) => `col:${c}`));
    expect(rows).toHaveLength(1 + answer.rows.length);
    const body = rows.slice(1);
    expect(body.map((r) => r[1])).toEqual(ranking.map((r) => NAMES.get(r.row.unitId)));
    const column = (name: (typeof REPORT_COLUMNS)[number]): number => REPORT_COLUMNS.indexOf(name);
    const a2 = body.find((r) => r[column('unit')] === '六安路社区服务站');
    expect(a2?.[column('tier')]).toBe('社区');
    expect(a2?.[column('parent')]).toBe('三孝口街道便民服务中心');
    expect(a2?.[column('onTimeRate')]).toBe('75.0%');
    expect(a2?.[column('satisfactionRate')]).toBe('50.0%');
    expect(a2?.[column('availability')]).toBe('40.0%');
    expect(a2?.[column('averageWorkingDays')]).toBe('1.5');
    expect(a2?.[column('accepted')]).toBe('7');
    const city = body.find((r) => r[column('unit')] === '合肥市行政服务中心');
    expect(city?.[column('rank')]).toBe('');
    expect(city?.[column('parent')]).toBe('');
    const unrated = body.find((r) => r[column('unit')] === '西园社区服务站');
    expect(unrated?.[column('onTimeRate')]).toBe('');
    expect(unrated?.[column('averageWorkingDays')]).toBe('');
    expect(reportFileName('2026-Q4')).toBe('liandong-report-2026-Q4.csv');
  });
});
