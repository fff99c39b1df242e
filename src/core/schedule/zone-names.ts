/**
 * The names of zones as people write them: abbreviations with the zone family they imply (and
 * the other zones the same letters are used for), zone words written out, and placeholders that
 * only look like zones. Data only; zones.ts reads and ranks them.
 */

/**
 * An abbreviation or zone name. `offset` is set when the name itself fixes an offset
 * (PST = UTC-8); generic names (PT, "Eastern Time") leave it open. `alternatives` lists
 * other zones the same letters are used for, so the venue can break the tie.
 */
export interface Abbreviation {
  zone: string;
  offset?: number;
  alternatives?: { zone: string; offset?: number }[];
}

export const ABBREVIATIONS: Record<string, Abbreviation> = {
  UTC: { zone: 'UTC', offset: 0 },
  GMT: { zone: 'UTC', offset: 0, alternatives: [{ zone: 'Europe/London', offset: 0 }] },
  Z: { zone: 'UTC', offset: 0 },
  PT: { zone: 'America/Los_Angeles' },
  PST: { zone: 'America/Los_Angeles', offset: -480 },
  PDT: { zone: 'America/Los_Angeles', offset: -420 },
  MT: { zone: 'America/Denver' },
  MST: { zone: 'America/Denver', offset: -420, alternatives: [{ zone: 'America/Phoenix', offset: -420 }] },
  MDT: { zone: 'America/Denver', offset: -360 },
  CT: { zone: 'America/Chicago' },
  CST: { zone: 'America/Chicago', offset: -360, alternatives: [{ zone: 'Asia/Shanghai', offset: 480 }] },
  CDT: { zone: 'America/Chicago', offset: -300 },
  ET: { zone: 'America/New_York' },
  EST: { zone: 'America/New_York', offset: -300 },
  EDT: { zone: 'America/New_York', offset: -240 },
  AKST: { zone: 'America/Anchorage', offset: -540 },
  AKDT: { zone: 'America/Anchorage', offset: -480 },
  HST: { zone: 'Pacific/Honolulu', offset: -600 },
  AST: { zone: 'America/Halifax', offset: -240, alternatives: [{ zone: 'Asia/Riyadh', offset: 180 }] },
  ADT: { zone: 'America/Halifax', offset: -180 },
  WET: { zone: 'Europe/Lisbon', offset: 0 },
  WEST: { zone: 'Europe/Lisbon', offset: 60 },
  BST: { zone: 'Europe/London', offset: 60, alternatives: [{ zone: 'Asia/Dhaka', offset: 360 }] },
  IST: {
    zone: 'Asia/Kolkata',
    offset: 330,
    alternatives: [
      { zone: 'Europe/Dublin', offset: 60 },
      { zone: 'Asia/Jerusalem', offset: 120 },
    ],
  },
  CET: { zone: 'Europe/Paris', offset: 60 },
  CEST: { zone: 'Europe/Paris', offset: 120 },
  MET: { zone: 'Europe/Paris', offset: 60 },
  MEST: { zone: 'Europe/Paris', offset: 120 },
  // German: Mitteleuropäische (Sommer)Zeit.
  MEZ: { zone: 'Europe/Paris', offset: 60 },
  MESZ: { zone: 'Europe/Paris', offset: 120 },
  EET: { zone: 'Europe/Athens', offset: 120 },
  EEST: { zone: 'Europe/Athens', offset: 180 },
  MSK: { zone: 'Europe/Moscow', offset: 180 },
  TRT: { zone: 'Europe/Istanbul', offset: 180 },
  EAT: { zone: 'Africa/Nairobi', offset: 180 },
  CAT: { zone: 'Africa/Maputo', offset: 120 },
  WAT: { zone: 'Africa/Lagos', offset: 60 },
  SAST: { zone: 'Africa/Johannesburg', offset: 120 },
  GST: { zone: 'Asia/Dubai', offset: 240 },
  PKT: { zone: 'Asia/Karachi', offset: 300 },
  ICT: { zone: 'Asia/Bangkok', offset: 420 },
  SGT: { zone: 'Asia/Singapore', offset: 480 },
  HKT: { zone: 'Asia/Hong_Kong', offset: 480 },
  JST: { zone: 'Asia/Tokyo', offset: 540 },
  KST: { zone: 'Asia/Seoul', offset: 540 },
  AWST: { zone: 'Australia/Perth', offset: 480 },
  ACST: { zone: 'Australia/Adelaide', offset: 570 },
  ACDT: { zone: 'Australia/Adelaide', offset: 630 },
  AEST: { zone: 'Australia/Sydney', offset: 600 },
  AEDT: { zone: 'Australia/Sydney', offset: 660 },
  NZST: { zone: 'Pacific/Auckland', offset: 720 },
  NZDT: { zone: 'Pacific/Auckland', offset: 780 },
  BRT: { zone: 'America/Sao_Paulo', offset: -180 },
  ART: { zone: 'America/Argentina/Buenos_Aires', offset: -180 },
  ACT: {
    zone: 'America/Rio_Branco',
    offset: -300,
    alternatives: [{ zone: 'Australia/Adelaide', offset: 570 }],
  },
};

/** Zone names written out in words. */
export const ZONE_WORDS: Record<string, Abbreviation> = {
  'pacific time': { zone: 'America/Los_Angeles' },
  'mountain time': { zone: 'America/Denver' },
  'central time': { zone: 'America/Chicago' },
  'eastern time': { zone: 'America/New_York' },
  'central european time': { zone: 'Europe/Paris' },
  'central european summer time': { zone: 'Europe/Paris', offset: 120 },
  'british summer time': { zone: 'Europe/London', offset: 60 },
  'coordinated universal time': { zone: 'UTC', offset: 0 },
  'greenwich mean time': { zone: 'UTC', offset: 0 },
  'eastern standard time': { zone: 'America/New_York', offset: -300 },
  'eastern daylight time': { zone: 'America/New_York', offset: -240 },
  'pacific standard time': { zone: 'America/Los_Angeles', offset: -480 },
  'pacific daylight time': { zone: 'America/Los_Angeles', offset: -420 },
  'central european standard time': { zone: 'Europe/Paris', offset: 60 },
  // "2 PM Eastern (11 AM Pacific)": the region word alone, read only right after a time.
  eastern: { zone: 'America/New_York' },
  pacific: { zone: 'America/Los_Angeles' },
  central: { zone: 'America/Chicago' },
  mountain: { zone: 'America/Denver' },
};

/** Names that look like zones but say nothing ("TZ" is a template placeholder). */
export const PLACEHOLDERS = new Set(['TZ', 'TBD', 'TBA']);
