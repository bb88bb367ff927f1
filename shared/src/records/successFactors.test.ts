import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import success from '../../../templates/src/lernen-vom-erfolg.json' with { type: 'json' };
import reflectionData from '../../../templates/src/wie-konnte-es-dazu-kommen.json' with { type: 'json' };
import { buildReport } from '../report/model.js';
import { renderMarkdown } from '../report/markdown.js';
import { DEFAULT_META } from '../report/procedureMeta.js';
import { layoutRecords } from '../templates/apply.js';
import { layoutTemplate } from '../templates/layout.js';
import { parseTemplate } from '../templates/schema.js';
import { createRecord, updateRecord } from './caseModel.js';
import { successFactorsAt, withSuccessFactorsAt } from './successFactors.js';

describe('Lernen vom Erfolg', () => {
  it('keeps success factors per level in the one list of success factors', () => {
    let list = withSuccessFactorsAt(['frei formuliert'], 'Team', ['Fallbesprechung am selben Tag', ' ', 'Vertretung geklärt']);
    list = withSuccessFactorsAt(list, 'Fachkraft', ['Hat nachgefragt']);
    expect(list).toEqual(['frei formuliert', 'Team: Fallbesprechung am selben Tag', 'Team: Vertretung geklärt', 'Fachkraft: Hat nachgefragt']);
    expect(successFactorsAt(list, 'Team')).toEqual(['Fallbesprechung am selben Tag', 'Vertretung geklärt']);
    // replacing a level keeps its place among the others
    expect(withSuccessFactorsAt(list, 'Team', ['Nur noch eins'])).toEqual(['frei formuliert', 'Team: Nur noch eins', 'Fachkraft: Hat nachgefragt']);
  });

  it('shows cases that went well in their own frame, with their recommendations, and feeds the report', () => {
    const doc = new Y.Doc();
    const critical = createRecord(doc, 'keySituations', { title: 'Meldung ohne Rückruf' });
    const good = createRecord(doc, 'keySituations', {
      title: 'Schnelle Inobhutnahme',
      success: true,
      whatHappened: 'Die Kita rief an, der ASD kam am selben Tag.',
    });
    updateRecord(doc, 'keySituations', good.id, { successFactors: withSuccessFactorsAt([], 'Zusammenarbeit', ['Kita und ASD kannten sich']) });
    const rec = createRecord(doc, 'recommendations', {
      title: 'Kontaktliste Kita–ASD pflegen',
      evidence: { eventIds: [], keySituationIds: [good.id], factorIds: [] },
    });

    const items = layoutTemplate(parseTemplate(success), layoutRecords(doc));
    const ids = items.map((item) => item.id);
    expect(ids).toContain(`lernen-vom-erfolg:frame:story:${good.id}`);
    expect(ids).toContain(`lernen-vom-erfolg:frame:factors:${good.id}:Zusammenarbeit`);
    expect(ids).toContain(`lernen-vom-erfolg:frame:rec:${good.id}:${rec.id}`);
    expect(ids.some((id) => id.includes(critical.id))).toBe(false);
    // and the reflection frame keeps to the critical situations
    const reflection = layoutTemplate(parseTemplate(reflectionData), layoutRecords(doc)).map((item) => item.id);
    expect(reflection.some((id) => id.includes(good.id))).toBe(false);
    expect(reflection.some((id) => id.includes(critical.id))).toBe(true);

    const markdown = renderMarkdown(buildReport([{ name: 'Fall A', doc }], DEFAULT_META));
    expect(markdown).toContain('Zusammenarbeit: Kita und ASD kannten sich');
    expect(markdown).toContain('Kontaktliste Kita–ASD pflegen');
  });
});
