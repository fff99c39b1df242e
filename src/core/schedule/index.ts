/**
 * The schedule engine: meeting facts from announcements (any Document, calendar events),
 * reconciled into meetings with visible conflicts, changes between schedules, context
 * flags (holidays, weekends, short notice, late nights, overlaps, participants' local
 * times) and an iCalendar feed. Pure: no clock, no I/O, no environment.
 */
export { readAnnouncement } from './announcement.js';
export { formatDateSpan } from './calendar.js';
export { describeConflict, diffSchedules, summary } from './changes.js';
export { compareClaims } from './claim-order.js';
export {
  type ContextOptions,
  type MeetingContext,
  type MeetingFlag,
  meetingContext,
  type ParticipantTime,
  participantZone,
} from './context.js';
export { type DateMention, findDates } from './dates.js';
export { claimsFromEvents } from './events.js';
export { type ExtractOptions, type ExtractResult, extractClaims } from './extract.js';
export { type IcsOptions, toICalendar } from './ics.js';
export { findIdentities, type IdentityMention } from './identity.js';
export { findPlaces, PLACES, type Place, placeByName } from './places.js';
export { type ReconcileOptions, reconcile } from './reconcile.js';
export { describeTimes } from './reconcile-fields.js';
export { expandRecurrence, findRecurrences } from './recurrence.js';
export { SOURCE_KINDS } from './source-kind.js';
export { findTimes, type TimeMention } from './times.js';
/** The data model: claims, meetings, schedules, changes (plain JSON). */
export type * from './types.js';
export { formatVenue, venueFromText } from './venue.js';
export { daysApart, describeWhen, formatDays, meetingDays } from './wording.js';
export { isUsableZone, resolveZone, type ZoneStatement } from './zones.js';
