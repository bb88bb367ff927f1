import { COMMENTS, formatFuzzyDate, successFactorsAt, SWOT_FIELDS, tally, threadsFor, type CaseNumbering, type Factor, type Recommendation } from '@qe/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useValue, type TLShapeId } from 'tldraw';
import type * as Y from 'yjs';
import { useCaseContext } from './caseContext';
import { CardField } from './CardField';
import type { RecordCardShape } from './RecordCardShapeUtil';
import { useRecord } from './useRecord';
import { isRecordLocked } from '@qe/shared';
import { useVote } from '../useVote';
import { useCaseNumbering, useStructureNumbering } from '../../records/useCaseNumbering';

/** Dot count of this record in the current vote, once counts may be seen. */
function VoteBadge({ doc, id }: { doc: Y.Doc; id: string }) {
  const { t } = useTranslation();
  const { vote, ballots } = useVote(doc);
  if (!vote || vote.status === 'closed' || (vote.status === 'open' && vote.anonymous)) return null;
  if (!vote.targets.some((target) => target.id === id)) return null;
  const count = tally(vote, ballots.values()).find((result) => result.target.id === id)?.count ?? 0;
  return (
    <span className="qe-badge qe-vote" aria-label={t('vote.countLabel', { count })}>
      ● {count}
    </span>
  );
}

/** How many open comment threads a record has, live. */
function useOpenThreads(doc: Y.Doc, kind: string, id: string): number {
  const count = () => threadsFor(doc, { kind, id }).filter((thread) => !thread.root.resolved).length;
  const [open, setOpen] = useState(count);
  useEffect(() => {
    const map = doc.getMap(COMMENTS);
    const refresh = () => setOpen(count());
    refresh();
    map.observe(refresh);
    return () => map.unobserve(refresh);
  }, [doc, kind, id]); // eslint-disable-line react-hooks/exhaustive-deps
  return open;
}

/** A marker on a card with open comments: select the card to read them beside it. */
function CommentMarker({ doc, kind, id }: { doc: Y.Doc; kind: string; id: string }) {
  const { t } = useTranslation();
  const open = useOpenThreads(doc, kind, id);
  if (open === 0) return null;
  return (
    <span className="qe-comment-marker" title={t('comments.marker', { count: open })}>
      {t('comments.markerShort', { count: open })}
    </span>
  );
}

/** Content of a record card, with a marker for open comments. */
export function RecordCard({ shape }: { shape: RecordCardShape }) {
  const { doc } = useCaseContext();
  const { kind, recordId } = shape.props;
  return (
    <>
      <RecordCardContent shape={shape} />
      {kind !== 'label' ? <CommentMarker doc={doc} kind={kind} id={recordId} /> : null}
    </>
  );
}

/** Content of a record card; editable in place after a double click (or Enter) on the card. */
function RecordCardContent({ shape }: { shape: RecordCardShape }) {
  const editor = useEditor();
  const { doc, readOnly } = useCaseContext();
  // locked records are not edited in place (moderators use the inspector)
  const editing =
    useValue('editing card', () => editor.getEditingShapeId() === shape.id, [editor, shape.id]) &&
    !readOnly &&
    !isRecordLocked(doc, shape.props.kind, shape.props.recordId);
  const { kind, recordId, view, label, w, h } = shape.props;
  const style = { width: w, height: h };
  if (kind === 'label') {
    return (
      <div className="qe-card qe-card-label" style={style}>
        {label}
      </div>
    );
  }
  const props = { doc, id: recordId, editing, style };
  switch (kind) {
    case 'events':
      return <EventCard {...props} />;
    case 'keySituations':
      if (view === 'story') return <StoryCard {...props} />;
      if (view === 'successLevel') return <SuccessLevelCard {...props} level={label} />;
      return view === 'success' ? <SuccessCard {...props} /> : <KeySituationCard {...props} />;
    case 'factors':
      return <FactorCard {...props} />;
    case 'recommendations':
      return <RecommendationCard {...props} />;
    case 'findings':
      return <FindingCard {...props} />;
    case 'swotItems':
      return <SwotCard {...props} />;
    case 'microArticles':
      return <MicroArticleCard {...props} />;
    case 'cafeNotes':
      return <CafeNoteCard {...props} />;
    case 'indicators':
      return <IndicatorCard {...props} />;
    case 'reviewedDocuments':
      return <ReviewedDocumentCard {...props} />;
    case 'structuralFindings':
      return <StructuralFindingCard {...props} />;
    default:
      return <MissingCard style={style} />;
  }
}

interface CardProps {
  doc: Y.Doc;
  id: string;
  editing: boolean;
  style: { width: number; height: number };
}

function MissingCard({ style }: { style: CardProps['style'] }) {
  const { t } = useTranslation();
  return (
    <div className="qe-card qe-card-missing" style={style} role="note">
      {t('cards.missing')}
    </div>
  );
}

function EventCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const event = useRecord(doc, 'events', id);
  const lane = useRecord(doc, 'lanes', event?.laneId ?? '');
  const number = useCaseNumbering(doc).eventNumber.get(id);
  if (!event) return <MissingCard style={style} />;
  const precision = event.date.approximate ? 'approximate' : event.date.precision;
  return (
    <div
      className={`qe-card qe-card-event${event.isKeySituation ? ' qe-card-key' : ''}${event.date.approximate ? ' qe-card-approximate' : ''}`}
      style={style}
      data-record-id={id}
    >
      <div className="qe-card-head">
        <span className="qe-card-number">{t('cards.evidenceLink.events', { number })}</span>
        <strong title={event.date.text}>{formatFuzzyDate(event.date)}</strong>
        {precision !== 'day' ? <span className="qe-badge">{t(`chronology.precision.${precision}`)}</span> : null}
        {event.isKeySituation ? <span className="qe-badge qe-badge-key">{t('chronology.keySituation')}</span> : null}
        <span className="qe-card-lane">{lane?.name}</span>
      </div>
      {editing ? (
        <>
          <CardField doc={doc} kind="events" id={id} field="fact" label={t('chronology.fact')} value={event.fact} />
          <CardField doc={doc} kind="events" id={id} field="knownAtTheTime" label={t('chronology.knownAtTheTime')} value={event.knownAtTheTime} rows={2} />
        </>
      ) : (
        <p className="qe-card-text">{event.fact}</p>
      )}
    </div>
  );
}

function KeySituationCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const ks = useRecord(doc, 'keySituations', id);
  const number = useCaseNumbering(doc).situationNumber.get(id);
  if (!ks) return <MissingCard style={style} />;
  const questions = [
    ['whatHappened', t('cards.whatHappened')],
    ['knownAtTheTime', t('cards.knownAtTheTime')],
    ['whyItMadeSense', t('cards.whyItMadeSense')],
  ] as const;
  return (
    <div className="qe-card qe-card-situation" style={style} data-record-id={id}>
      <div className="qe-card-head">
        <strong>
          <span className="qe-card-number">{t('cards.evidenceLink.keySituations', { number })}: </span>
          {ks.title}
        </strong>
        <VoteBadge doc={doc} id={id} />
      </div>
      {questions.map(([field, question]) =>
        editing ? (
          <CardField key={field} doc={doc} kind="keySituations" id={id} field={field} label={question} value={ks[field]} />
        ) : (
          <div key={field} className="qe-question">
            <span className="qe-question-label">{question}</span>
            <p className="qe-card-text">{ks[field] || '–'}</p>
          </div>
        ),
      )}
    </div>
  );
}

function SuccessCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const ks = useRecord(doc, 'keySituations', id);
  if (!ks) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-success" style={style} data-record-id={id}>
      {editing ? (
        <CardField
          doc={doc}
          kind="keySituations"
          id={id}
          field="successFactors"
          label={t('cards.successFactors')}
          value={ks.successFactors.join('\n')}
          lines
          rows={4}
        />
      ) : ks.successFactors.length > 0 ? (
        <ul>
          {ks.successFactors.map((factor, index) => (
            <li key={index}>{factor}</li>
          ))}
        </ul>
      ) : (
        <p className="qe-card-text">{t('cards.noSuccessFactors')}</p>
      )}
    </div>
  );
}

function FactorCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const factor: Factor | undefined = useRecord(doc, 'factors', id);
  if (!factor) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-factor" style={style} data-record-id={id}>
      <span className="qe-badge">{factor.level}</span>
      {editing ? (
        <CardField doc={doc} kind="factors" id={id} field="text" label={t('cards.factorText')} value={factor.text} />
      ) : (
        <p className="qe-card-text">{factor.text}</p>
      )}
    </div>
  );
}

function FindingCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const finding = useRecord(doc, 'findings', id);
  const number = useCaseNumbering(doc).findingNumber.get(id);
  if (!finding) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-finding" style={style} data-record-id={id}>
      <strong className="qe-card-number">{t('cards.findingNumber', { number })}</strong>
      {editing ? (
        <CardField doc={doc} kind="findings" id={id} field="text" label={t('inspector.title.findings')} value={finding.text} />
      ) : (
        <p className="qe-card-text">{finding.text}</p>
      )}
    </div>
  );
}

/** An indicator of the house: its value against the comparison value, year and source. */
function IndicatorCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const indicator = useRecord(doc, 'indicators', id);
  const number = useStructureNumbering(doc).indicatorNumber.get(id);
  if (!indicator) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-indicator" style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className="qe-card-number">{t('cards.indicatorNumber', { number })}</span>
        {indicator.year !== null ? <span className="qe-badge">{indicator.year}</span> : null}
      </div>
      {editing ? (
        <CardField doc={doc} kind="indicators" id={id} field="name" label={t('cards.indicatorName')} value={indicator.name} rows={2} />
      ) : (
        <strong className="qe-card-title">{indicator.name}</strong>
      )}
      <p className="qe-card-value">
        {indicator.value} {indicator.unit}
      </p>
      <p className="qe-card-meta">
        {indicator.comparison ? `${t('cards.comparison')}: ${indicator.comparison}` : null}
        {indicator.source ? ` · ${indicator.source}` : null}
      </p>
    </div>
  );
}

/** A reviewed service instruction, form or procedure description with its status. */
function ReviewedDocumentCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const document = useRecord(doc, 'reviewedDocuments', id);
  const number = useStructureNumbering(doc).documentNumber.get(id);
  if (!document) return <MissingCard style={style} />;
  return (
    <div className={`qe-card qe-card-document qe-document-${document.status}`} style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className="qe-card-number">{t('cards.documentNumber', { number })}</span>
        <span className="qe-badge">{document.status}</span>
        {document.date ? <span>{formatFuzzyDate(document.date)}</span> : null}
      </div>
      <strong className="qe-card-title">{document.title}</strong>
      {editing ? (
        <CardField doc={doc} kind="reviewedDocuments" id={id} field="finding" label={t('cards.documentFinding')} value={document.finding} rows={2} />
      ) : (
        <p className="qe-card-text">{document.finding}</p>
      )}
    </div>
  );
}

/** A structural finding with what supports it: indicators, documents and the windows into the cases. */
function StructuralFindingCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const finding = useRecord(doc, 'structuralFindings', id);
  const numbering = useStructureNumbering(doc);
  if (!finding) return <MissingCard style={style} />;
  const numbers = (ids: string[], map: Map<string, number>) =>
    ids
      .map((ref) => map.get(ref))
      .filter((n) => n !== undefined)
      .sort((a, b) => a - b);
  const indicators = numbers(finding.indicatorIds, numbering.indicatorNumber);
  const documents = numbers(finding.documentIds, numbering.documentNumber);
  return (
    <div className="qe-card qe-card-structural" style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className="qe-card-number">{t('cards.structuralFindingNumber', { number: numbering.findingNumber.get(id) })}</span>
        {finding.windows.length > 0 ? <span className="qe-badge">{t('cards.windows', { count: finding.windows.length })}</span> : null}
      </div>
      {editing ? (
        <CardField doc={doc} kind="structuralFindings" id={id} field="text" label={t('cards.structuralFinding')} value={finding.text} />
      ) : (
        <p className="qe-card-text">{finding.text}</p>
      )}
      <p className="qe-card-meta">
        {indicators.length ? t('cards.indicatorRefs', { numbers: indicators.join(', ') }) : null}
        {indicators.length && documents.length ? ' · ' : null}
        {documents.length ? t('cards.documentRefs', { numbers: documents.join(', ') }) : null}
      </p>
    </div>
  );
}

/** Evidence links with the numbers of records/numbering, as the report prints them. */
function evidenceLabels(numbering: CaseNumbering, rec: Recommendation) {
  return [
    ...rec.evidence.eventIds.map((id) => ({ kind: 'events' as const, id, number: numbering.eventNumber.get(id) ?? 0 })),
    ...rec.evidence.keySituationIds.map((id) => ({ kind: 'keySituations' as const, id, number: numbering.situationNumber.get(id) ?? 0 })),
  ];
}

function RecommendationCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const editor = useEditor();
  const rec = useRecord(doc, 'recommendations', id);
  const numbering = useCaseNumbering(doc);
  if (!rec) return <MissingCard style={style} />;
  const jump = (kind: string, recordId: string) => {
    const target = editor
      .getCurrentPageShapes()
      .find(
        (shape) =>
          shape.type === 'qe-card' &&
          (shape.props as { kind: string; recordId: string; view: string }).recordId === recordId &&
          (shape.props as { kind: string }).kind === kind &&
          !(shape.props as { view: string }).view,
      );
    if (!target) return;
    editor.select(target.id as TLShapeId);
    editor.zoomToSelection({ animation: { duration: 300 } });
  };
  return (
    <div className={`qe-card qe-card-recommendation qe-status-${rec.status}`} style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className={`qe-badge qe-priority-${rec.priority}`}>{t(`cards.priority.${rec.priority}`)}</span>
        <span className="qe-badge">{rec.status}</span>
        <VoteBadge doc={doc} id={id} />
      </div>
      {editing ? (
        <CardField doc={doc} kind="recommendations" id={id} field="title" label={t('cards.title')} value={rec.title} rows={2} />
      ) : (
        <strong className="qe-card-title">
          <span className="qe-card-number">{t('cards.recommendationNumber', { number: numbering.recommendationNumber.get(id) })}: </span>
          {rec.title}
        </strong>
      )}
      <p className="qe-card-meta">
        {rec.addressee ? `${t('cards.addressee')}: ${rec.addressee}` : null}
        {rec.timeframe ? ` · ${rec.timeframe}` : null}
      </p>
      <div className="qe-evidence" role="group" aria-label={t('cards.evidence')}>
        {evidenceLabels(numbering, rec).map((link) =>
          link.number > 0 ? (
            <button
              key={`${link.kind}:${link.id}`}
              type="button"
              className="qe-link"
              onPointerDown={(event) => event.stopPropagation()}
              onClick={() => jump(link.kind, link.id)}
            >
              {t(`cards.evidenceLink.${link.kind}`, { number: link.number })}
            </button>
          ) : (
            <span key={`${link.kind}:${link.id}`} className="qe-link-broken">
              {t('cards.brokenLink')}
            </span>
          ),
        )}
      </div>
    </div>
  );
}

/** A SWOT card: its text, and where it went (finding, recommendation) once taken over. */
function SwotCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const item = useRecord(doc, 'swotItems', id);
  if (!item) return <MissingCard style={style} />;
  return (
    <div className={`qe-card qe-card-swot qe-swot-${SWOT_FIELDS.indexOf(item.field)}`} style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className="qe-badge">{item.field}</span>
        {item.findingId ? <span className="qe-badge">{t('swot.isFinding')}</span> : null}
        {item.recommendationId ? <span className="qe-badge">{t('swot.isRecommendation')}</span> : null}
      </div>
      {editing ? (
        <CardField doc={doc} kind="swotItems" id={id} field="text" label={t('inspector.fields.text')} value={item.text} rows={3} />
      ) : (
        <p className="qe-card-text">{item.text}</p>
      )}
    </div>
  );
}

/** A note of a World Café table: the round it was written in, and its text. */
function CafeNoteCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const note = useRecord(doc, 'cafeNotes', id);
  if (!note) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-cafe" style={style} data-record-id={id}>
      <div className="qe-card-head">
        <span className="qe-badge">{t('cafe.roundBadge', { round: note.round })}</span>
      </div>
      {editing ? (
        <CardField doc={doc} kind="cafeNotes" id={id} field="text" label={t('inspector.fields.text')} value={note.text} rows={3} />
      ) : (
        <p className="qe-card-text">{note.text}</p>
      )}
    </div>
  );
}

/** Lernen vom Erfolg: the case that went well, and what happened. */
function StoryCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const ks = useRecord(doc, 'keySituations', id);
  const number = useCaseNumbering(doc).situationNumber.get(id);
  if (!ks) return <MissingCard style={style} />;
  return (
    <div className="qe-card qe-card-story" style={style} data-record-id={id}>
      <div className="qe-card-head">
        <strong>
          <span className="qe-card-number">{t('cards.evidenceLink.keySituations', { number })}: </span>
          {ks.title}
        </strong>
        <VoteBadge doc={doc} id={id} />
      </div>
      {editing ? (
        <CardField doc={doc} kind="keySituations" id={id} field="whatHappened" label={t('cards.whatHappened')} value={ks.whatHappened} rows={5} />
      ) : (
        <p className="qe-card-text">{ks.whatHappened || t('success.tellStory')}</p>
      )}
    </div>
  );
}

/** Lernen vom Erfolg: what made the case succeed on one level (edited in the inspector). */
function SuccessLevelCard({ doc, id, style, level }: CardProps & { level: string }) {
  const { t } = useTranslation();
  const ks = useRecord(doc, 'keySituations', id);
  if (!ks) return <MissingCard style={style} />;
  const factors = successFactorsAt(ks.successFactors, level);
  return (
    <div className="qe-card qe-card-success" style={style} data-record-id={id} data-level={level}>
      <span className="qe-badge">{level}</span>
      {factors.length > 0 ? (
        <ul>
          {factors.map((factor, index) => (
            <li key={index}>{factor}</li>
          ))}
        </ul>
      ) : (
        <p className="qe-card-text">{t('success.noFactors')}</p>
      )}
    </div>
  );
}

/** A Mikroartikel on the canvas: its title and what it refers to; it is written in the inspector. */
function MicroArticleCard({ doc, id, editing, style }: CardProps) {
  const { t } = useTranslation();
  const article = useRecord(doc, 'microArticles', id);
  const numbering = useCaseNumbering(doc);
  if (!article) return <MissingCard style={style} />;
  const situation = article.keySituationId ? numbering.situationNumber.get(article.keySituationId) : undefined;
  const finding = article.findingId ? numbering.findingNumber.get(article.findingId) : undefined;
  return (
    <div className="qe-card qe-card-article" style={style} data-record-id={id}>
      <span className="qe-badge">{t('microArticle.badge')}</span>
      {editing ? (
        <CardField doc={doc} kind="microArticles" id={id} field="title" label={t('cards.title')} value={article.title} rows={2} />
      ) : (
        <strong className="qe-card-title">{article.title}</strong>
      )}
      <p className="qe-card-meta">
        {situation ? t('cards.evidenceLink.keySituations', { number: situation }) : null}
        {situation && finding ? ' · ' : null}
        {finding ? t('microArticle.findingNumber', { number: finding }) : null}
      </p>
      <p className="qe-card-text">{t('microArticle.writeHint')}</p>
    </div>
  );
}
