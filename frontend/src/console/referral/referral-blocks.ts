import { documentDate, DOCUMENT_TEXT } from './document-text';
import { ELEMENTS, reporterIsNamed, type Referral } from './referral-model';

/** One piece of the document, in reading order; the PDF lays these out (referral-pdf.ts). */
export type Block =
  | { kind: 'marking'; text: string }
  | { kind: 'right'; text: string }
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'mono'; text: string };

/**
 * The referral as a document: every element DOMAIN.md lists, in its order, in
 * the document's language. The reviewer's decision is internal and left out;
 * so is every identifier of the platform (report and file ids).
 */
export function referralBlocks(referral: Referral): Block[] {
  const t = DOCUMENT_TEXT[referral.language];
  const or = (value: string) => (value.trim() === '' ? t.none : value.trim());
  const blocks: Block[] = [];
  const section = (heading: string, text: string) => {
    blocks.push({ kind: 'heading', text: heading }, { kind: 'text', text: or(text) });
  };
  if (referral.confidentiality.trim()) blocks.push({ kind: 'marking', text: referral.confidentiality.trim() });
  blocks.push(
    { kind: 'right', text: `${t.to}: ${or(referral.addressee)}` },
    { kind: 'right', text: `${t.from}: ${or(referral.sendingAgency)}` },
    {
      kind: 'right',
      text: t.outgoing(referral.outgoingNumber.trim(), documentDate(referral.outgoingDate, referral.language)),
    },
    { kind: 'title', text: t.title },
  );
  section(t.qualification, t.articles(referral.articles.join(', ')));
  section(t.facts, referral.facts);
  section(t.officers, referral.officers);
  section(t.pushedToward, referral.pushedToward);
  section(t.followed, referral.followed);
  section(t.caseNumber, referral.caseNumber);
  section(t.motive, referral.motive);
  blocks.push({ kind: 'heading', text: t.reporter });
  if (reporterIsNamed(referral)) {
    blocks.push(
      { kind: 'text', text: t.identified(or(referral.reporter.name), referral.reporter.contact.trim()) },
      { kind: 'text', text: t.warned419 },
    );
  } else blocks.push({ kind: 'text', text: t.anonymous });
  section(t.lawyer, referral.lawyer);
  section(t.witnesses, referral.witnesses);
  blocks.push({ kind: 'heading', text: t.evidence });
  if (referral.evidence.length === 0) blocks.push({ kind: 'text', text: t.none });
  referral.evidence.forEach((item, i) => {
    blocks.push(
      { kind: 'text', text: t.evidenceLine(i + 1, item.name, t.bytes(item.size)) },
      { kind: 'mono', text: `${t.sha256}: ${item.sha256}` },
      { kind: 'mono', text: `${t.source}: ${or([item.source, item.date].filter((s) => s.trim()).join(', '))}` },
    );
  });
  blocks.push({ kind: 'heading', text: t.assessment });
  for (const element of ELEMENTS) {
    const { finding, note } = referral.assessment[element];
    blocks.push({
      kind: 'text',
      text: `${t.element[element]}: ${t.finding[finding]}${note.trim() ? `. ${note.trim()}` : ''}`,
    });
  }
  section(t.request, referral.request);
  blocks.push({ kind: 'heading', text: t.signatory }, { kind: 'text', text: or(referral.signatory) });
  return blocks;
}
