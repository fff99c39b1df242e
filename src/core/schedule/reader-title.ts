/**
 * A title when no heading or title line names the meeting: a "Subject:" value, the body a
 * sentence says will meet or hear, or a plain text's first line shaped like a title.
 */

import { hasMeetingWords } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import { isDocumentKind, isEventKindLabel, opensWithDateOrTime } from './text-rules.js';
import { capitalised, titleText } from './titles.js';
import { venueFromText } from './venue.js';

/**
 * "The Harbour Board will meet on ...", "The Tribunal will hear ...", "The arbitral tribunal will
 * hear ...": the body that meets (capitalised, or a body noun in lower case after "The"), in a
 * sentence near the top.
 */
const BODY_MEETS =
  /^(?:[Tt]he\s+)?([A-Z][\w&'\u2019+-]*(?:\s+(?:of|for|on|and|the|[A-Z][\w&'\u2019+-]*)){0,6}?(?:\s+[A-Z][\w&'\u2019+-]*)?|(?<=^[Tt]he\s+)(?:[a-z][\w-]*\s+){0,2}?(?:tribunal|court|committee|council|board|panel|commission|bureau|working\s+group|plenary|assembly|caucus|task\s+force))\s+(?:will|shall|is to|is scheduled to)\s+(?:(meet|convene|reconvene|hold\s+(?:its|their|a|an)\s+((?:[\w-]+\s+){0,4}?(?:meeting|session|sitting|consultations?)))|be held|take place|(hear)\s+(?!from\s+(?:you|us|me|him|her|them)\b))\b/;

/**
 * "The next virtual meeting of the Bureau will be held", "The second session of the Working
 * Group is scheduled to take place", "The resumed session of the Committee has been postponed":
 * up to three words before the meeting noun, then the body it is of (capitalised), then a verb
 * of scheduling or of a change of schedule.
 */
const MEETING_OF_BODY =
  /^(?:[Tt]he|[Aa]n?)\s+((?:[a-z][\w-]*\s+){0,3}?)(meeting|session|sitting|call|briefing|consultations?|retreat|hearing)\s+of\s+(?:the\s+)?([A-Z][\w&'\u2019+-]*(?:\s+(?:of|for|on|and|the|[A-Z][\w&'\u2019+-]*)){0,6}?)\s+(?:(?:will|shall|is\s+to|is\s+scheduled\s+to|is\s+expected\s+to)\s+(?:be\s+held|take\s+place|convene|meet)|(?:has\s+been|is|will\s+be)\s+(?:postponed|cancell?ed|rescheduled|deferred|moved|brought\s+forward))\b/;

/**
 * "Our weekly coordination call moves to Thursdays", "The regular caucus meeting will now start
 * at 15:00": a meeting the writer's group holds, named by up to three words before its noun,
 * then a verb of scheduling or change.
 */
const OUR_MEETING =
  /^(?:[Oo]ur|[Tt]he|[Tt]his|[Nn]ext\s+week['\u2019]s|[Tt]his\s+week['\u2019]s)\s+((?:(?:weekly|monthly|fortnightly|biweekly|daily|regular|usual|next|monthly|[a-z][\w-]*)\s+){1,3}(?:call|meeting|briefing|check-in|webinar|catch-up|telecon(?:ference)?|hangout))\s+(?:(?:will|shall|is|has)\s+(?:now\s+|be\s+|been\s+)?)?(?:move[sd]?|moving|start(?:s|ing)?|begin(?:s|ning)?|take[s]?\s+place|held|meet(?:s)?|scheduled|changed?|shift(?:s|ed)?|resume[sd]?|return[sd]?|cancell?ed|postponed)\b/;

/**
 * A title when no heading or title line names the meeting, before the file name: the value of
 * a title label ("Subject:", "Re:"), else the body a sentence says will meet ("The Harbour
 * Board will meet on 3 May" -> "Harbour Board meeting").
 */
export function titleFromText(rd: ReaderCore): void {
  for (const u of rd.units.slice(0, 12)) {
    if (u.label?.kind !== 'title') continue;
    const name = u.label.name.trim();
    // "Webinar: Financing adaptation" keeps the kind of event in its title.
    const kind = isEventKindLabel(name);
    if (!kind && !/^(?:subject|re|title|meeting|event|objet|asunto|betreff|assunto|oggetto)$/i.test(name))
      continue;
    const from = kind ? u.text.length - u.text.trimStart().length : u.label.valueStart;
    const value = u.text.slice(from);
    const title = titleText(value);
    if (title.length >= 3 && /\p{L}/u.test(title)) {
      rd.main.title = { value: title, evidence: rd.evidence(u, from, value.length) };
      return;
    }
  }
  // A sentence near the top that says who meets or which meeting is held, by the first of
  // these readings that finds one.
  for (const read of [bodyThatMeets, meetingOfBody, ourMeeting, greetedGroup, namedMeetingHeld, invitedTo]) {
    for (const u of rd.units.slice(0, 15)) {
      if (u.kind === 'heading' || u.kind === 'row' || u.label) continue;
      const found = read(u.text.slice(u.leadEnd ?? 0).trimStart());
      if (!found) continue;
      const at = u.text.indexOf(found.at);
      rd.main.title = { value: found.value, evidence: rd.evidence(u, at, found.at.length) };
      return;
    }
  }
  // A plain text's first line standing alone, shaped like a title ("Informal consultations on
  // the fisheries text"): short, several words, no closing punctuation, no greeting, no date first.
  const first = rd.units[0];
  const next = rd.units[1];
  if (
    first &&
    first.kind !== 'row' &&
    !first.label &&
    first.dates.length === 0 &&
    (!next || next.block !== first.block) &&
    TITLE_LINE.test(first.text.trim()) &&
    !GREETING.test(first.text) &&
    !isDocumentKind(first.text) &&
    !opensWithDateOrTime(first.text)
  ) {
    const value = titleText(first.text);
    rd.main.title = { value, evidence: rd.evidence(first, 0, first.text.length) };
  }
}

/** Two to twelve words, the first capitalised, no closing punctuation or address. */
const TITLE_LINE = /^(?=.{8,100}$)\p{Lu}[^.!?;:,@/\\]*?(?:\s+[^\s.!?;:,@/\\]+){1,11}$/u;
/** The opening of a letter or message, not its title. */
const GREETING =
  /^\s*(?:dear|hi|hello|hey|good\s+(?:morning|afternoon|evening|day)|greetings|bonjour|buenos|hola|liebe|sehr|estimad|cher|ch[eè]re|thanks|thank\s+you|regards|best|cheers)\b/i;

/** A title a sentence gives (`value`), and the words of the sentence it rests on (`at`). */
interface SentenceTitle {
  value: string;
  at: string;
}

/**
 * "The Board will meet" names a body ("Board meeting"); "The Harbour Forum will be held" the
 * meeting; "The Committee will hold its resumed organizational session" both; "The Appeals
 * Board will hear the appellant" a hearing.
 */
function bodyThatMeets(text: string): SentenceTitle | undefined {
  const m = BODY_MEETS.exec(text);
  if (!m) return undefined;
  const body = (m[1] as string).trim();
  if (/^(?:I|We|You|They|He|She|It|Everyone|All|This|That)$/.test(body)) return undefined;
  const what = m[3]?.trim().replace(/\s+/g, ' ');
  const value =
    what && !/^(?:meeting|session)$/i.test(what)
      ? `${body}, ${what}`
      : m[2]
        ? `${body} meeting`
        : m[4]
          ? `${body} hearing`
          : body;
  return { value: capitalised(value), at: body };
}

/** "The next virtual meeting of the Bureau will be held ..." is "Virtual meeting of the Bureau". */
function meetingOfBody(text: string): SentenceTitle | undefined {
  const m = MEETING_OF_BODY.exec(text);
  if (!m) return undefined;
  const kept = (m[1] ?? '').replace(/\b(?:next|upcoming|forthcoming|following|coming)\s+/gi, '');
  return { value: capitalised(`${kept}${m[2]} of the ${(m[3] as string).trim()}`), at: m[2] as string };
}

/** "Our weekly coordination call moves to Thursdays" is "Weekly coordination call". */
function ourMeeting(text: string): SentenceTitle | undefined {
  const m = OUR_MEETING.exec(text);
  return m ? { value: capitalised(m[1] as string), at: m[1] as string } : undefined;
}

/**
 * "Dear members of the Drafting Group," "Dear colleagues of the Harbour Board": the group a
 * message is written to, the last reading tried (the message announces that group's meeting).
 */
const GREETED_GROUP =
  /^(?:dear|hello|hi)\s+(?:all\s+)?(?:members|colleagues|participants)\s+of\s+(?:the\s+)?([A-Z][\w&'\u2019+-]*(?:\s+(?:of|for|on|and|the|[A-Z][\w&'\u2019+-]*)){0,6})\s*[,:!]?\s*$/i;

/** "Dear members of the Drafting Group," is "Drafting Group meeting". */
function greetedGroup(text: string): SentenceTitle | undefined {
  const m = GREETED_GROUP.exec(text);
  if (!m) return undefined;
  const group = (m[1] as string).trim();
  return /\s/.test(group) || /^[A-Z]{2,}$/.test(group)
    ? { value: capitalised(`${group} meeting`), at: group }
    : undefined;
}

/**
 * "The informal briefing for Member States will take place", "A 2-hour briefing on the draft
 * work plan will be held": the meeting a sentence holds, by the words before its noun and what
 * it is for, on or with (no number there: that would be a day). The noun alone ("The meeting
 * will be held") names nothing.
 */
const NAMED_MEETING_HELD =
  /^(?:(?:[Tt]he|[Aa]n?)\s+((?:[a-z\d][\w-]*\s+){0,3}?)|(?!(?:This|That|These|Those|Each|Every|Our|Your|Their|Its|Any|No|All|Both|Next|Which)\b)((?:[A-Z][a-z][\w-]*\s+)(?:[a-z\d][\w-]*\s+){0,2}?))(meetings?|sessions?|sittings?|call|briefings?|consultations?|retreat|hearings?|webinar|workshop|dialogue|seminar|roundtable|round\s+table)((?:\s+(?:for|on|with|about)\s+[^\d,.;:()]{3,80}?)?)\s+(?:(?:will|shall|is\s+to|is\s+scheduled\s+to|is\s+expected\s+to)\s+(?:be\s+held|take\s+place|convene)|(?:has\s+been|have\s+been|is|are|will\s+be)\s+(?:postponed|cancell?ed|rescheduled|deferred|moved|brought\s+forward))\b/;

/**
 * "I am pleased to invite you to the second informal dialogue on the review of the mechanism, to
 * be held on ...": the meeting an invitation names, up to a comma or the words that date or place it.
 */
const INVITED_TO =
  /\binvite\s+(?:you|all\s+(?:members|delegations|participants)|delegations|members)\s+to\s+(?:attend\s+)?(?:the|an?)\s+((?:[\w-]+\s+){0,4}?(?:meeting|session|sitting|briefing|consultations?|retreat|hearing|webinar|workshop|dialogue|seminar|roundtable|round\s+table|conference|forum|symposium)(?:\s+(?:of|for|on|with|about)\s+[^\d,.;:()]{3,100}?)?)(?=\s*,|\s+(?:to\s+be\s+held|which\s+will|that\s+will|on|in|at|from)\b)/i;

/** "The informal briefing for Member States will take place ..." is "Informal briefing for Member States". */
function namedMeetingHeld(text: string): SentenceTitle | undefined {
  const m = NAMED_MEETING_HELD.exec(text);
  if (!m) return undefined;
  // A length or the words of "which one" say nothing of the meeting's name: "a 90-minute", "next".
  const lead = (m[1] ?? m[2] ?? '')
    .replace(/\b(?:[\d.]+|one|two|three|four|half)-(?:hour|minute|day)s?(?:-long)?\s+/gi, '')
    .replace(/\b(?:next|upcoming|forthcoming|following|coming|above|said|same)\s+/gi, '');
  const complement = (m[4] ?? '').replace(/\s+/g, ' ').trimEnd();
  if (!lead.trim() && !complement) return undefined;
  return { value: capitalised(`${lead}${m[3]}${complement}`), at: m[3] as string };
}

/** "... invite you to the second informal dialogue on the review, to be held ..." is "Second informal dialogue on the review". */
function invitedTo(text: string): SentenceTitle | undefined {
  const m = INVITED_TO.exec(text);
  if (!m) return undefined;
  const name = (m[1] as string).replace(/\s+/g, ' ').trim();
  return { value: capitalised(name), at: m[1] as string };
}

/** A meeting named only by which one it is: "First informal", "Second round", "3rd sitting". */
const ORDINAL_LABEL =
  /^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last|\d{1,2}(?:st|nd|rd|th))\s+[\p{L}-]+$/iu;

/**
 * The subject of the document's own heading when that heading is no meeting of its own (it has
 * no date and the meetings below it have theirs): its last line, "Informal consultations on draft
 * resolution X" under "Council, 61st session". Undefined when the document's heading is itself
 * a dated meeting or is not in the text.
 */
function headingSubject(rd: ReaderCore): string | undefined {
  const title = rd.main.title;
  if (!title || title.evidence.offset === undefined) return undefined;
  if (rd.main.headerDates.length > 0 || rd.main.sessions.some((s) => s.dates !== 'header')) return undefined;
  const lines = title.evidence.text.split(/\s*\n\s*/).filter((l) => l.trim());
  const subject = titleText(lines[lines.length - 1] ?? '');
  return subject.split(/\s+/).length >= 2 ? subject : undefined;
}

/**
 * A meeting named only by which one it is ("First informal", "Second round"), listed under a
 * heading that is no meeting of its own: titled by the heading's subject and which one it is,
 * "Informal consultations on draft resolution X – First informal". Undefined otherwise.
 */
export function underHeading(rd: ReaderCore, title: string): string | undefined {
  if (!ORDINAL_LABEL.test(title)) return undefined;
  const subject = headingSubject(rd);
  return subject ? `${subject} – ${title}` : undefined;
}

/**
 * A line of a title block that only says where ("Regional Dialogue on Urban Heat" over "Lima,
 * Peru | 2–3 November 2027"): the place is the venue, not words of the name. The line's range in
 * `text` (its date and separators left to the other readers), or undefined when no line of a
 * block of two lines or more is a place alone: a city, with its country or region at most.
 */
export function placeLine(text: string): { start: number; end: number } | undefined {
  if (!text.includes('\n')) return undefined;
  let at = 0;
  for (const line of text.split('\n')) {
    const start = at;
    at += line.length + 1;
    const bare = titleText(line);
    if (start === 0 || bare.length > 60 || bare.split(/\s*,\s*/).length > 3 || hasMeetingWords(bare))
      continue;
    if (!/^\p{Lu}/u.test(bare) || !bare.split(/[\s,]+/).every((w) => /^\p{Lu}/u.test(w))) continue;
    if (venueFromText(bare)?.city) return { start, end: start + line.length };
  }
  return undefined;
}
