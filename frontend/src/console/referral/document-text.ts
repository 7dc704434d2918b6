import type { DocumentLanguage, Element, Finding } from './referral-model';

/**
 * The fixed words of the referral document, in the document's own language
 * (which the reviewer chooses apart from the console's). The document names
 * Article 412-1 and describes facts; it quotes no text of the law (DOMAIN.md:
 * the article's text was not confirmed).
 */
export interface DocumentText {
  to: string;
  from: string;
  outgoing: (number: string, date: string) => string;
  title: string;
  qualification: string;
  articles: (list: string) => string;
  facts: string;
  officers: string;
  pushedToward: string;
  followed: string;
  caseNumber: string;
  motive: string;
  reporter: string;
  anonymous: string;
  identified: (name: string, contact: string) => string;
  warned419: string;
  lawyer: string;
  none: string;
  witnesses: string;
  evidence: string;
  evidenceLine: (n: number, name: string, size: string) => string;
  sha256: string;
  source: string;
  assessment: string;
  element: Record<Element, string>;
  finding: Record<Finding, string>;
  request: string;
  signatory: string;
  page: (n: number, of: number) => string;
  bytes: (n: number) => string;
  defaults: {
    confidentiality: string;
    sendingAgency: string;
    request: string;
    source: string;
  };
}

const group = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const DOCUMENT_TEXT: Record<DocumentLanguage, DocumentText> = {
  ru: {
    to: 'Кому',
    from: 'От кого',
    outgoing: (number, date) => `Исх. № ${number || '____'} от ${date || '__.__.____'}`,
    title:
      'Сообщение о признаках уголовного правонарушения, предусмотренного статьёй 412-1 Уголовного кодекса Республики Казахстан (провокация)',
    qualification: 'Предварительная квалификация',
    articles: (list) => `Статьи Уголовного кодекса Республики Казахстан: ${list}`,
    facts: 'Обстоятельства: что произошло, когда, где, как, какими словами, каким способом',
    officers:
      'Сведения о должностном лице (лицах): орган, подразделение, должность или звание, роль, имя или номер жетона',
    pushedToward: 'Правонарушение, к совершению которого склоняли',
    followed: 'Что последовало (задержание, требование или передача денег, уголовное дело)',
    caseNumber: 'Номер дела в ЕРДР/КУИ',
    motive: 'Вероятный мотив',
    reporter: 'Заявитель',
    anonymous: 'Заявитель сообщил анонимно; сведения о его личности отсутствуют.',
    identified: (name, contact) =>
      `${name}${contact ? `, контакт: ${contact}` : ''} (сведения указаны с согласия заявителя).`,
    warned419:
      'Заявитель предупреждён об уголовной ответственности за заведомо ложный донос (статья 419 Уголовного кодекса Республики Казахстан).',
    lawyer: 'Защитник (представитель) заявителя',
    none: 'не указано',
    witnesses: 'Свидетели',
    evidence: 'Перечень доказательств',
    evidenceLine: (n, name, size) => `${n}. ${name} (${size})`,
    sha256: 'SHA-256',
    source: 'Источник, дата получения',
    assessment: 'Предварительная оценка элементов состава',
    element: {
      official: 'Должностное лицо, осуществляющее оперативно-розыскную деятельность или досудебное расследование',
      inducement: 'Склонение (подстрекательство) к совершению правонарушения',
      intent: 'Цель последующего изобличения и привлечения к уголовной ответственности',
      consequence: 'Наступившие последствия',
    },
    finding: { established: 'подтверждается', unclear: 'требует проверки', not_established: 'не подтверждается' },
    request: 'Просьба',
    signatory: 'Подпись',
    page: (n, of) => `Стр. ${n} из ${of}`,
    bytes: (n) => `${group(n, '\u00a0')} байт`,
    defaults: {
      confidentiality: 'Конфиденциально. Содержит сведения о заявителе и доказательства; не подлежит разглашению.',
      sendingAgency: '',
      request:
        'Прошу зарегистрировать настоящее сообщение в ЕРДР, провести досудебное расследование и сообщить о принятом решении.',
      source: 'Представлено заявителем через платформу',
    },
  },
  kk: {
    to: 'Кімге',
    from: 'Кімнен',
    outgoing: (number, date) => `Шығыс № ${number || '____'}, ${date || '__.__.____'}`,
    title:
      'Қазақстан Республикасы Қылмыстық кодексінің 412-1-бабында көзделген қылмыстық құқық бұзушылық (қылмыс жасауға арандату) белгілері туралы хабарлама',
    qualification: 'Алдын ала саралау',
    articles: (list) => `Қазақстан Республикасы Қылмыстық кодексінің баптары: ${list}`,
    facts: 'Мән-жайлар: не болды, қашан, қайда, қалай, қандай сөздермен, қандай тәсілмен',
    officers:
      'Лауазымды тұлға (тұлғалар) туралы мәліметтер: орган, бөлімше, лауазымы немесе атағы, рөлі, аты немесе жетон нөмірі',
    pushedToward: 'Жасауға итермелеген құқық бұзушылық',
    followed: 'Салдары (ұстау, ақша талап ету немесе беру, қылмыстық іс)',
    caseNumber: 'СДТБТ/ҚТКЕ бойынша іс нөмірі',
    motive: 'Болжамды себеп',
    reporter: 'Өтініш беруші',
    anonymous: 'Өтініш беруші анонимді түрде хабарлады; оның жеке басы туралы мәліметтер жоқ.',
    identified: (name, contact) =>
      `${name}${contact ? `, байланыс: ${contact}` : ''} (мәліметтер өтініш берушінің келісімімен көрсетілген).`,
    warned419:
      'Өтініш беруші көрінеу жалған сөз жеткізгені үшін қылмыстық жауаптылық туралы ескертілді (Қазақстан Республикасы Қылмыстық кодексінің 419-бабы).',
    lawyer: 'Өтініш берушінің қорғаушысы (өкілі)',
    none: 'көрсетілмеген',
    witnesses: 'Куәлар',
    evidence: 'Дәлелдемелер тізімі',
    evidenceLine: (n, name, size) => `${n}. ${name} (${size})`,
    sha256: 'SHA-256',
    source: 'Көзі, алынған күні',
    assessment: 'Құрам элементтерін алдын ала бағалау',
    element: {
      official: 'Жедел-іздестіру қызметін немесе сотқа дейінгі тергеуді жүзеге асыратын лауазымды тұлға',
      inducement: 'Құқық бұзушылық жасауға көндіру (арандату)',
      intent: 'Кейіннен әшкерелеу және қылмыстық жауаптылыққа тарту мақсаты',
      consequence: 'Туындаған салдар',
    },
    finding: { established: 'расталады', unclear: 'тексеруді қажет етеді', not_established: 'расталмайды' },
    request: 'Өтініш',
    signatory: 'Қолы',
    page: (n, of) => `${n}-бет, барлығы ${of}`,
    bytes: (n) => `${group(n, '\u00a0')} байт`,
    defaults: {
      confidentiality: 'Құпия. Өтініш беруші туралы мәліметтер мен дәлелдемелер бар; жария етуге жатпайды.',
      sendingAgency: '',
      request:
        'Осы хабарламаны СДТБТ-да тіркеуді, сотқа дейінгі тергеп-тексеру жүргізуді және қабылданған шешім туралы хабарлауды сұраймын.',
      source: 'Өтініш беруші платформа арқылы ұсынды',
    },
  },
  en: {
    to: 'To',
    from: 'From',
    outgoing: (number, date) => `Ref. No. ${number || '____'} of ${date || '____-__-__'}`,
    title:
      'Report of the signs of a criminal offence under Article 412-1 of the Criminal Code of the Republic of Kazakhstan (provocation)',
    qualification: 'Preliminary qualification',
    articles: (list) => `Articles of the Criminal Code of the Republic of Kazakhstan: ${list}`,
    facts: 'The facts: what happened, when, where, how, in what words, through what channel',
    officers: 'The official(s): agency, unit, post or rank, role, name or badge number',
    pushedToward: 'The offence the person was pushed toward',
    followed: 'What followed (detention, money demanded or paid, criminal case)',
    caseNumber: 'Case number in the Unified Register (ERDR/KUI)',
    motive: 'Apparent motive',
    reporter: 'Reporter',
    anonymous: 'The reporter reported anonymously; nothing about their identity is known.',
    identified: (name, contact) =>
      `${name}${contact ? `, contact: ${contact}` : ''} (given with the reporter's consent).`,
    warned419:
      'The reporter was warned of criminal liability for a knowingly false denunciation (Article 419 of the Criminal Code of the Republic of Kazakhstan).',
    lawyer: "The reporter's lawyer (representative)",
    none: 'not given',
    witnesses: 'Witnesses',
    evidence: 'List of evidence',
    evidenceLine: (n, name, size) => `${n}. ${name} (${size})`,
    sha256: 'SHA-256',
    source: 'Source, date received',
    assessment: 'Preliminary assessment of the elements of the offence',
    element: {
      official: 'An official carrying out operational-search activity or a pre-trial investigation',
      inducement: 'Inducing (provoking) the person to commit an offence',
      intent: 'Acting so as to later expose the person and bring them to criminal liability',
      consequence: 'What followed',
    },
    finding: { established: 'established', unclear: 'to be verified', not_established: 'not established' },
    request: 'Request',
    signatory: 'Signed',
    page: (n, of) => `Page ${n} of ${of}`,
    bytes: (n) => `${group(n, ',')} bytes`,
    defaults: {
      confidentiality: 'Confidential. Contains information about the reporter and evidence; not to be disclosed.',
      sendingAgency: '',
      request:
        'Please register this report in the Unified Register of Pre-trial Investigations, investigate it, and inform us of the decision taken.',
      source: 'Provided by the reporter through the platform',
    },
  },
};

/** A calendar day (YYYY-MM-DD) written as the document's language writes dates. */
export function documentDate(day: string, lang: DocumentLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return '';
  return lang === 'en' ? day : `${match[3]}.${match[2]}.${match[1]}`;
}
