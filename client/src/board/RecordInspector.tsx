import {
  createRecord,
  formatFuzzyDate,
  DateParseError,
  deleteRecord,
  FACTOR_LEVELS,
  parseFuzzyDate,
  PRIORITIES,
  RECOMMENDATION_STATUSES,
  RecordValidationError,
  richText,
  updateRecord,
  recordLockKey,
  setLock,
  canModerate,
  type FuzzyDate,
  type RecordKind,
  type Role,
  mayEditRecord,
  SWOT_FIELDS,
  takeOverSwotItem,
  MICRO_ARTICLE_SECTIONS,
  canExportReport,
  REPORT_FORMATS,
  type ReportFormat,
  successFactorsAt,
  withSuccessFactorsAt,
  type SwotTarget,
} from '@qe/shared';
import { useId, useState, type ReactNode } from 'react';
import { TEMPLATES } from '@qe/templates';
import { exportPath } from '../api';
import { downloadFromApi } from '../download';
import { useTranslation } from 'react-i18next';
import { useValue, type Editor } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { useCaseNumbering } from '../records/useCaseNumbering';
import { useRecords } from '../records/useRecords';
import { useProcedureEvidence, type ProcedureAccess } from '../records/useProcedureEvidence';
import { CardField } from './cards/CardField';
import { useRecord } from './cards/useRecord';
import { RichTextEditor } from './RichTextEditor';
import { goToPrivateWriting, usePrivateKind, writesPrivately } from './privateWriting';
import { useLocked } from './useLocked';
import { CheckList } from '../components/CheckList';

interface InspectorProps {
  role: Role;
  editor: Editor;
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  readOnly: boolean;
  /** for exporting a Mikroartikel on its own */
  exportAccess?: { boardId: string; token: string };
  /** the board's procedure, when it belongs to one, and a token that may read its evidence (else none) */
  procedureAccess?: ProcedureAccess;
}

type BoardEvidence = { boardId: string; kind: 'findings' | 'structuralFindings'; id: string };

const sameEvidence = (a: BoardEvidence, b: BoardEvidence) => a.boardId === b.boardId && a.kind === b.kind && a.id === b.id;
/** One string per piece of evidence in another board, for the check list. */
const evidenceKey = (e: Pick<BoardEvidence, 'boardId' | 'kind' | 'id'>) => `${e.boardId}|${e.kind}|${e.id}`;

/**
 * Evidence in the procedure's other boards: their findings and structural findings, numbered as the
 * procedure's report numbers them (GET /api/procedures/:id/evidence). Shown only when the server
 * answers: who may not read the procedure (a case board's guest) does not see it.
 */
function OtherBoardsEvidence({
  access,
  chosen,
  readOnly,
  onChange,
}: {
  access: ProcedureAccess;
  chosen: BoardEvidence[];
  readOnly: boolean;
  onChange: (boards: BoardEvidence[]) => void;
}) {
  const { t } = useTranslation();
  const offered = useProcedureEvidence(access);
  if (!offered || offered.length === 0) return null;
  return (
    <CheckList
      legend={t('inspector.otherBoards.legend')}
      options={offered.map((item) => ({
        id: evidenceKey(item),
        label: t(`inspector.otherBoards.${item.kind}`, { label: item.label, number: item.number, text: item.text }),
      }))}
      chosen={chosen.map(evidenceKey)}
      readOnly={readOnly}
      onToggle={(key, on) => {
        const item = offered.find((candidate) => evidenceKey(candidate) === key)!;
        const entry: BoardEvidence = { boardId: item.boardId, kind: item.kind, id: item.id };
        const others = chosen.filter((c) => !sameEvidence(c, entry));
        onChange(on ? [...others, entry] : others);
      }}
      scroll
    />
  );
}

/** The record behind the one selected card, if any. */
function useSelectedRecord(editor: Editor) {
  return useValue(
    'selected record',
    () => {
      const selected = editor.getSelectedShapes();
      const shape = selected.length === 1 ? selected[0] : undefined;
      if (!shape || shape.type !== 'qe-card') return undefined;
      const { kind, recordId } = shape.props as { kind: string; recordId: string };
      return kind === 'label' ? undefined : { kind: kind as RecordKind, id: recordId };
    },
    [editor],
  );
}

/** All fields of the selected card's record, editable; where recommendations get their rationale. */
export function RecordInspector(props: InspectorProps) {
  const { t } = useTranslation();
  const selected = useSelectedRecord(props.editor);
  if (!selected) return null;
  return (
    <section className="inspector" aria-labelledby="inspector-heading">
      <h2 id="inspector-heading">{t(`inspector.title.${selected.kind}`)}</h2>
      <InspectorBody {...props} kind={selected.kind} id={selected.id} key={selected.id} />
    </section>
  );
}

function Choice<V extends string>({
  label,
  value,
  options,
  onChange,
  readOnly,
  display,
}: {
  label: string;
  value: V;
  options: readonly V[];
  onChange: (v: V) => void;
  readOnly: boolean;
  display?: (v: V) => string;
}) {
  return (
    <label className="card-field">
      <span>{label}</span>
      <select value={value} disabled={readOnly} onChange={(event) => onChange(event.target.value as V)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {display ? display(option) : option}
          </option>
        ))}
      </select>
    </label>
  );
}

function InspectorBody({
  doc,
  provider,
  user,
  readOnly: roleReadOnly,
  role,
  kind,
  id,
  exportAccess,
  procedureAccess,
}: InspectorProps & { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const locked = useLocked(doc, kind, id);
  const moderator = canModerate(role);
  // locked content stays readable; only moderators change it (shared rules/boardRules)
  const readOnly = roleReadOnly || !mayEditRecord(role, locked);
  // while a private phase runs for a kind, a participant's new record of it is written privately (shared rules: mayCreateRecord)
  const privateKind = usePrivateKind(doc);
  const privately = (created: RecordKind) => writesPrivately(role, created, privateKind);
  const [error, setError] = useState<string>();
  const themes = useRecords(doc, 'themes').records;
  const lanes = useRecords(doc, 'lanes').records;
  // events, key situations and findings in the one numbering order (shared records/numbering)
  const numbering = useCaseNumbering(doc);
  const { keySituations: situations, findings } = numbering;
  const record = useRecord(doc, kind, id) as Record<string, unknown> | undefined;
  if (!record) return <p className="error">{t('cards.missing')}</p>;

  const patch = (changes: Record<string, unknown>) => {
    try {
      updateRecord(doc, kind, id, changes as never);
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof RecordValidationError ? caught.problems.join('; ') : String(caught));
    }
  };
  const text = (field: string, rows = 3, lines = false) => (
    <CardField
      doc={doc}
      kind={kind}
      id={id}
      field={field}
      label={t(`inspector.fields.${field}`)}
      rows={rows}
      lines={lines}
      readOnly={readOnly}
      value={lines ? ((record[field] as string[]) ?? []).join('\n') : String(record[field] ?? '')}
    />
  );
  const toggleList = (field: string, value: string, on: boolean, nested?: string) => {
    const source = nested ? (record[nested] as Record<string, string[]>)[field]! : (record[field] as string[]);
    const next = on ? [...new Set([...source, value])] : source.filter((entry) => entry !== value);
    patch(nested ? { [nested]: { ...(record[nested] as object), [field]: next } } : { [field]: next });
  };
  // the quality topics a factor or finding belongs to
  const themeChecks = () => (
    <CheckList
      legend={t('inspector.fields.themes')}
      options={themes.map((theme) => ({ id: theme.id, label: theme.name }))}
      chosen={record.themeIds as string[]}
      readOnly={readOnly}
      onToggle={(themeId, on) => toggleList('themeIds', themeId, on)}
    />
  );
  const chronology = numbering.events;

  let body: ReactNode;
  switch (kind) {
    case 'events': {
      const date = record.date as FuzzyDate;
      body = (
        <>
          <DateField
            value={date.text}
            shown={formatFuzzyDate(date)}
            readOnly={readOnly}
            onCommit={(value) => {
              try {
                patch({ date: parseFuzzyDate(value) });
              } catch (caught) {
                setError(caught instanceof DateParseError ? caught.message : String(caught));
              }
            }}
          />
          <Choice
            label={t('chronology.lane')}
            value={record.laneId as string}
            options={lanes.map((l) => l.id)}
            display={(v) => lanes.find((l) => l.id === v)?.name ?? v}
            readOnly={readOnly}
            onChange={(laneId) => patch({ laneId })}
          />
          {text('fact', 4)}
          {text('knownAtTheTime')}
          {text('assessment')}
          {text('source', 1)}
          <label className="check">
            <input
              type="checkbox"
              checked={record.isKeySituation as boolean}
              disabled={readOnly}
              onChange={(e) => patch({ isKeySituation: e.target.checked })}
            />
            {t('chronology.keySituation')}
          </label>
        </>
      );
      break;
    }
    case 'keySituations':
      body = record.success ? (
        <>
          {text('title', 2)}
          {text('whatHappened', 4)}
          <SuccessLevels doc={doc} id={id} successFactors={record.successFactors as string[]} readOnly={readOnly} />
          {readOnly ? null : privately('recommendations') ? (
            <PrivateWritingButton label={t('frameActions.addPrivately.recommendations')} />
          ) : (
            <RepeatRecommendation doc={doc} keySituationId={id} />
          )}
        </>
      ) : (
        <>
          {text('title', 2)}
          {text('whatHappened', 4)}
          {text('knownAtTheTime', 4)}
          {text('whyItMadeSense', 4)}
          {text('successFactors', 4, true)}
          {readOnly ? null : privately('factors') ? (
            <PrivateWritingButton label={t('cards.addFactorPrivately')} />
          ) : (
            <AddFactor doc={doc} keySituationId={id} />
          )}
        </>
      );
      break;
    case 'factors':
      body = (
        <>
          <Choice
            label={t('cards.level')}
            value={record.level as (typeof FACTOR_LEVELS)[number]}
            options={FACTOR_LEVELS}
            readOnly={readOnly}
            onChange={(level) => patch({ level })}
          />
          {text('text', 4)}
          {themeChecks()}
          <CheckList
            legend={t('inspector.fields.keySituations')}
            options={situations.map((ks) => ({ id: ks.id, label: ks.title }))}
            chosen={record.keySituationIds as string[]}
            readOnly={readOnly}
            onToggle={(id, on) => toggleList('keySituationIds', id, on)}
          />
        </>
      );
      break;
    case 'findings':
      body = (
        <>
          {text('text', 5)}
          {themeChecks()}
        </>
      );
      break;
    case 'recommendations': {
      const evidence = record.evidence as { eventIds: string[]; keySituationIds: string[]; boards: BoardEvidence[] };
      body = (
        <>
          {text('title', 2)}
          {text('addressee', 1)}
          {text('intendedOutcome')}
          {text('actions', 4, true)}
          {text('timeframe', 1)}
          <Choice
            label={t('inspector.fields.priority')}
            value={record.priority as (typeof PRIORITIES)[number]}
            options={PRIORITIES}
            readOnly={readOnly}
            onChange={(priority) => patch({ priority })}
          />
          <Choice
            label={t('inspector.fields.status')}
            value={record.status as (typeof RECOMMENDATION_STATUSES)[number]}
            options={RECOMMENDATION_STATUSES}
            readOnly={readOnly}
            onChange={(status) => patch({ status })}
          />
          {record.status === 'verworfen' || record.discardReason ? text('discardReason', 2) : null}
          <CheckList
            legend={t('inspector.fields.findings')}
            options={findings.map((finding) => ({ id: finding.id, label: finding.text.slice(0, 90) }))}
            chosen={record.findingIds as string[]}
            readOnly={readOnly}
            onToggle={(id, on) => toggleList('findingIds', id, on)}
          />
          <CheckList
            legend={t('inspector.fields.evidenceEvents')}
            options={chronology.map((event, index) => ({
              id: event.id,
              label: `${t('cards.evidenceLink.events', { number: index + 1 })}: ${formatFuzzyDate(event.date)} – ${event.fact.slice(0, 60)}`,
            }))}
            chosen={evidence.eventIds}
            readOnly={readOnly}
            onToggle={(id, on) => toggleList('eventIds', id, on, 'evidence')}
            scroll
          />
          <CheckList
            legend={t('inspector.fields.evidenceSituations')}
            options={situations.map((ks, index) => ({ id: ks.id, label: `${t('cards.evidenceLink.keySituations', { number: index + 1 })}: ${ks.title}` }))}
            chosen={evidence.keySituationIds}
            readOnly={readOnly}
            onToggle={(id, on) => toggleList('keySituationIds', id, on, 'evidence')}
          />
          {procedureAccess ? (
            <OtherBoardsEvidence
              access={procedureAccess}
              chosen={evidence.boards}
              readOnly={readOnly}
              onChange={(boards) => patch({ evidence: { ...evidence, boards } })}
            />
          ) : null}
          <div className="card-field">
            <span>{t('inspector.fields.rationale')}</span>
            <RichTextEditor
              fragment={richText(doc, 'recommendations', id, 'rationale')!}
              provider={provider}
              user={user}
              readOnly={readOnly}
              label={t('inspector.fields.rationale')}
            />
          </div>
        </>
      );
      break;
    }
    case 'microArticles':
      body = (
        <>
          {text('title', 2)}
          <Choice
            label={t('microArticle.keySituation')}
            value={record.keySituationId as string}
            options={['', ...situations.map((ks) => ks.id)]}
            display={(v) =>
              v
                ? `${t('cards.evidenceLink.keySituations', { number: numbering.situationNumber.get(v) })}: ${situations.find((ks) => ks.id === v)?.title ?? ''}`
                : '–'
            }
            readOnly={readOnly}
            onChange={(keySituationId) => patch({ keySituationId })}
          />
          <Choice
            label={t('microArticle.finding')}
            value={record.findingId as string}
            options={['', ...findings.map((finding) => finding.id)]}
            display={(v) =>
              v
                ? `${t('microArticle.findingNumber', { number: numbering.findingNumber.get(v) })}: ${findings.find((f) => f.id === v)?.text.slice(0, 60) ?? ''}`
                : '–'
            }
            readOnly={readOnly}
            onChange={(findingId) => patch({ findingId })}
          />
          {MICRO_ARTICLE_SECTIONS.map(([field]) => (
            <div className="card-field" key={field}>
              <span>{t(`microArticle.sections.${field}`)}</span>
              <RichTextEditor
                fragment={richText(doc, 'microArticles', id, field)!}
                provider={provider}
                user={user}
                readOnly={readOnly}
                label={t(`microArticle.sections.${field}`)}
              />
            </div>
          ))}
          {exportAccess && canExportReport(role) ? <MicroArticleExport {...exportAccess} articleId={id} /> : null}
        </>
      );
      break;
    case 'swotItems':
      body = (
        <>
          <Choice
            label={t('swot.field')}
            value={record.field as (typeof SWOT_FIELDS)[number]}
            options={SWOT_FIELDS}
            readOnly={readOnly}
            onChange={(field) => patch({ field })}
          />
          {text('text', 4)}
          <SwotTakeOver
            doc={doc}
            id={id}
            findingId={record.findingId as string}
            recommendationId={record.recommendationId as string}
            readOnly={readOnly}
            asRecommendation={!privately('recommendations')}
          />
        </>
      );
      break;
    case 'cafeNotes':
      body = (
        <>
          <p>{t('cafe.roundBadge', { round: record.round as number })}</p>
          {text('text', 4)}
        </>
      );
      break;
    default:
      body = null;
  }
  return (
    <div className="inspector-body">
      {locked ? (
        <p className="lock-note" role="note">
          {t('locks.locked')}
        </p>
      ) : null}
      {moderator ? (
        <button type="button" onClick={() => setLock(doc, recordLockKey(kind, id), !locked, user.name)}>
          {locked ? t('locks.unlock') : t('locks.lock')}
        </button>
      ) : null}
      {body}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {readOnly ? null : (
        <button type="button" className="danger" onClick={() => window.confirm(t('inspector.confirmDelete')) && deleteRecord(doc, kind, id)}>
          {t('inspector.delete')}
        </button>
      )}
    </div>
  );
}

/** The date as typed, editable; below it the one form cards, table and report show. */
function DateField({ value, shown, readOnly, onCommit }: { value: string; shown: string; readOnly: boolean; onCommit: (value: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const hintId = useId();
  return (
    <>
      <label className="card-field">
        <span>{t('chronology.date')}</span>
        <input
          value={draft}
          readOnly={readOnly}
          aria-describedby={shown !== value ? hintId : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => draft !== value && onCommit(draft)}
          onKeyDown={(e) => e.key === 'Enter' && draft !== value && onCommit(draft)}
        />
      </label>
      {shown !== value ? (
        <p id={hintId} className="hint">
          {t('chronology.shownAs', { date: shown })}
        </p>
      ) : null}
    </>
  );
}

/** Where a new record would be public but a private phase runs for its kind: the way to the private writing field. */
function PrivateWritingButton({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <p className="inline-form">
      <span>{t('privatePhase.onlyYouUntilReveal')}</span>{' '}
      <button type="button" onClick={goToPrivateWriting}>
        {label}
      </button>
    </p>
  );
}

function AddFactor({ doc, keySituationId }: { doc: Y.Doc; keySituationId: string }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<(typeof FACTOR_LEVELS)[number]>('Fachkraft');
  return (
    <div className="inline-form">
      <Choice label={t('cards.level')} value={level} options={FACTOR_LEVELS} readOnly={false} onChange={setLevel} />
      <button type="button" onClick={() => createRecord(doc, 'factors', { level, text: t('cards.newFactor'), keySituationIds: [keySituationId] })}>
        {t('cards.addFactor')}
      </button>
    </div>
  );
}

/** Takes a SWOT card over into the procedure as a finding or a recommendation (shared records/swot). */
function SwotTakeOver({
  doc,
  id,
  findingId,
  recommendationId,
  readOnly,
  asRecommendation,
}: {
  doc: Y.Doc;
  id: string;
  findingId: string;
  recommendationId: string;
  readOnly: boolean;
  /** whether it can become a recommendation now (not while a private phase runs for them) */
  asRecommendation: boolean;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const takeOver = (target: SwotTarget) => {
    takeOverSwotItem(doc, id, target);
    setStatus(t(target === 'findings' ? 'swot.tookOverFinding' : 'swot.tookOverRecommendation'));
  };
  return (
    <div className="inline-form swot-take-over">
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {findingId ? (
        <span>{t('swot.isFinding')}</span>
      ) : readOnly ? null : (
        <button type="button" onClick={() => takeOver('findings')}>
          {t('swot.asFinding')}
        </button>
      )}
      {recommendationId ? (
        <span>{t('swot.isRecommendation')}</span>
      ) : readOnly || !asRecommendation ? null : (
        <button type="button" onClick={() => takeOver('recommendations')}>
          {t('swot.asRecommendation')}
        </button>
      )}
    </div>
  );
}

/** The levels of the Lernen-vom-Erfolg template (its data), for the inspector of a case that went well. */
const SUCCESS_LEVELS = TEMPLATES.flatMap((template) => (template.layout.kind === 'success' ? template.layout.levels : []));

/** What made a case succeed, one field per level (one factor per line); kept in the key situation's success factors. */
function SuccessLevels({ doc, id, successFactors, readOnly }: { doc: Y.Doc; id: string; successFactors: string[]; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('success.whatMadeItWork')}</legend>
      {SUCCESS_LEVELS.map((level) => (
        <SuccessLevelField key={level} doc={doc} id={id} level={level} successFactors={successFactors} readOnly={readOnly} />
      ))}
    </fieldset>
  );
}

function SuccessLevelField({
  doc,
  id,
  level,
  successFactors,
  readOnly,
}: {
  doc: Y.Doc;
  id: string;
  level: string;
  successFactors: string[];
  readOnly: boolean;
}) {
  const stored = successFactorsAt(successFactors, level).join('\n');
  const [draft, setDraft] = useState(stored);
  const [focused, setFocused] = useState(false);
  const commit = () => {
    setFocused(false);
    if (draft !== stored) updateRecord(doc, 'keySituations', id, { successFactors: withSuccessFactorsAt(successFactors, level, draft.split('\n')) });
  };
  return (
    <label className="card-field">
      <span>{level}</span>
      <textarea
        rows={2}
        readOnly={readOnly}
        data-success-level={level}
        value={focused ? draft : stored}
        onFocus={() => {
          setDraft(stored);
          setFocused(true);
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
      />
    </label>
  );
}

/** A recommendation that makes the success repeatable: it cites the case as evidence, so the frame shows it in the row. */
function RepeatRecommendation({ doc, keySituationId }: { doc: Y.Doc; keySituationId: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      onClick={() =>
        createRecord(doc, 'recommendations', {
          title: t('success.newRecommendation'),
          evidence: { eventIds: [], keySituationIds: [keySituationId], factorIds: [] },
        })
      }
    >
      {t('success.addRecommendation')}
    </button>
  );
}

/** One Mikroartikel on its own, through the report's pre-flight: refused while hits remain (see the report dialog). */
function MicroArticleExport({ boardId, token, articleId }: { boardId: string; token: string; articleId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();
  const download = async (format: ReportFormat) => {
    try {
      setError(undefined);
      await downloadFromApi(exportPath(boardId, { format, microArticle: articleId }), token, `mikroartikel.${format}`);
      setStatus(t('microArticle.downloaded'));
    } catch (caught) {
      const code = (caught as { code?: string }).code;
      setError(code === 'preflight_hits' ? t('microArticle.preflightHits') : (caught as Error).message);
    }
  };
  return (
    <div className="card-field">
      <span>{t('microArticle.export')}</span>
      <div className="inline-form">
        {REPORT_FORMATS.map((format) => (
          <button key={format} type="button" onClick={() => void download(format)}>
            {format.toUpperCase()}
          </button>
        ))}
      </div>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
