/**
 * Windows time-zone names (as Outlook and Exchange write them in TZID) mapped to IANA
 * zones, following the "001" (default territory) rows of CLDR's windowsZones data. Table
 * written for Rapporteur from those facts; it covers the zones Windows offers, including
 * a few legacy names still seen in old invitations.
 */
const WINDOWS_TO_IANA: Record<string, string> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'UTC-11': 'Etc/GMT+11',
  'Aleutian Standard Time': 'America/Adak',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Marquesas Standard Time': 'Pacific/Marquesas',
  'Alaskan Standard Time': 'America/Anchorage',
  'UTC-09': 'Etc/GMT+9',
  'Pacific Standard Time (Mexico)': 'America/Tijuana',
  'UTC-08': 'Etc/GMT+8',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time (Mexico)': 'America/Mazatlan',
  'Mountain Standard Time': 'America/Denver',
  'Yukon Standard Time': 'America/Whitehorse',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Easter Island Standard Time': 'Pacific/Easter',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time (Mexico)': 'America/Cancun',
  'Eastern Standard Time': 'America/New_York',
  'Haiti Standard Time': 'America/Port-au-Prince',
  'Cuba Standard Time': 'America/Havana',
  'US Eastern Standard Time': 'America/Indiana/Indianapolis',
  'Turks And Caicos Standard Time': 'America/Grand_Turk',
  'Paraguay Standard Time': 'America/Asuncion',
  'Atlantic Standard Time': 'America/Halifax',
  'Venezuela Standard Time': 'America/Caracas',
  'Central Brazilian Standard Time': 'America/Cuiaba',
  'SA Western Standard Time': 'America/La_Paz',
  'Pacific SA Standard Time': 'America/Santiago',
  'Newfoundland Standard Time': 'America/St_Johns',
  'Tocantins Standard Time': 'America/Araguaina',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'SA Eastern Standard Time': 'America/Cayenne',
  'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
  'Greenland Standard Time': 'America/Nuuk',
  'Montevideo Standard Time': 'America/Montevideo',
  'Magallanes Standard Time': 'America/Punta_Arenas',
  'Saint Pierre Standard Time': 'America/Miquelon',
  'Bahia Standard Time': 'America/Bahia',
  'UTC-02': 'Etc/GMT+2',
  'Mid-Atlantic Standard Time': 'Etc/GMT+2',
  'Azores Standard Time': 'Atlantic/Azores',
  'Cape Verde Standard Time': 'Atlantic/Cape_Verde',
  UTC: 'Etc/UTC',
  'Coordinated Universal Time': 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'Sao Tome Standard Time': 'Africa/Sao_Tome',
  'Morocco Standard Time': 'Africa/Casablanca',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Jordan Standard Time': 'Asia/Amman',
  'GTB Standard Time': 'Europe/Bucharest',
  'Middle East Standard Time': 'Asia/Beirut',
  'Egypt Standard Time': 'Africa/Cairo',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Syria Standard Time': 'Asia/Damascus',
  'West Bank Standard Time': 'Asia/Hebron',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'FLE Standard Time': 'Europe/Kyiv',
  'Israel Standard Time': 'Asia/Jerusalem',
  'South Sudan Standard Time': 'Africa/Juba',
  'Kaliningrad Standard Time': 'Europe/Kaliningrad',
  'Sudan Standard Time': 'Africa/Khartoum',
  'Libya Standard Time': 'Africa/Tripoli',
  'Namibia Standard Time': 'Africa/Windhoek',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Arab Standard Time': 'Asia/Riyadh',
  'Belarus Standard Time': 'Europe/Minsk',
  'Russian Standard Time': 'Europe/Moscow',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Volgograd Standard Time': 'Europe/Volgograd',
  'Iran Standard Time': 'Asia/Tehran',
  'Arabian Standard Time': 'Asia/Dubai',
  'Astrakhan Standard Time': 'Europe/Astrakhan',
  'Azerbaijan Standard Time': 'Asia/Baku',
  'Russia Time Zone 3': 'Europe/Samara',
  'Mauritius Standard Time': 'Indian/Mauritius',
  'Saratov Standard Time': 'Europe/Saratov',
  'Georgian Standard Time': 'Asia/Tbilisi',
  'Caucasus Standard Time': 'Asia/Yerevan',
  'Armenian Standard Time': 'Asia/Yerevan',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'West Asia Standard Time': 'Asia/Tashkent',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
  'Pakistan Standard Time': 'Asia/Karachi',
  'Qyzylorda Standard Time': 'Asia/Qyzylorda',
  'India Standard Time': 'Asia/Kolkata',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Central Asia Standard Time': 'Asia/Bishkek',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Omsk Standard Time': 'Asia/Omsk',
  'Myanmar Standard Time': 'Asia/Yangon',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'Altai Standard Time': 'Asia/Barnaul',
  'W. Mongolia Standard Time': 'Asia/Hovd',
  'North Asia Standard Time': 'Asia/Krasnoyarsk',
  'N. Central Asia Standard Time': 'Asia/Novosibirsk',
  'Tomsk Standard Time': 'Asia/Tomsk',
  'China Standard Time': 'Asia/Shanghai',
  'North Asia East Standard Time': 'Asia/Irkutsk',
  'Singapore Standard Time': 'Asia/Singapore',
  'W. Australia Standard Time': 'Australia/Perth',
  'Taipei Standard Time': 'Asia/Taipei',
  'Ulaanbaatar Standard Time': 'Asia/Ulaanbaatar',
  'Aus Central W. Standard Time': 'Australia/Eucla',
  'Transbaikal Standard Time': 'Asia/Chita',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'North Korea Standard Time': 'Asia/Pyongyang',
  'Korea Standard Time': 'Asia/Seoul',
  'Yakutsk Standard Time': 'Asia/Yakutsk',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'Tasmania Standard Time': 'Australia/Hobart',
  'Vladivostok Standard Time': 'Asia/Vladivostok',
  'Lord Howe Standard Time': 'Australia/Lord_Howe',
  'Bougainville Standard Time': 'Pacific/Bougainville',
  'Russia Time Zone 10': 'Asia/Srednekolymsk',
  'Magadan Standard Time': 'Asia/Magadan',
  'Norfolk Standard Time': 'Pacific/Norfolk',
  'Sakhalin Standard Time': 'Asia/Sakhalin',
  'Central Pacific Standard Time': 'Pacific/Guadalcanal',
  'Russia Time Zone 11': 'Asia/Kamchatka',
  'Kamchatka Standard Time': 'Asia/Kamchatka',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'UTC+12': 'Etc/GMT-12',
  'Fiji Standard Time': 'Pacific/Fiji',
  'Chatham Islands Standard Time': 'Pacific/Chatham',
  'UTC+13': 'Etc/GMT-13',
  'Tonga Standard Time': 'Pacific/Tongatapu',
  'Samoa Standard Time': 'Pacific/Apia',
  'Line Islands Standard Time': 'Pacific/Kiritimati',
  'Mexico Standard Time': 'America/Mexico_City',
  'Mexico Standard Time 2': 'America/Chihuahua',
  // Outlook for Mac and some web clients write these display forms.
  'Eastern Time (US & Canada)': 'America/New_York',
  'Central Time (US & Canada)': 'America/Chicago',
  'Mountain Time (US & Canada)': 'America/Denver',
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
};

const BY_LOWER = new Map(Object.entries(WINDOWS_TO_IANA).map(([k, v]) => [k.toLowerCase(), v]));

/** The IANA zone for a Windows zone name ("W. Europe Standard Time" -> "Europe/Berlin"), if known. */
export function windowsZoneToIana(name: string): string | undefined {
  return BY_LOWER.get(name.trim().replace(/\s+/g, ' ').toLowerCase());
}

const validity = new Map<string, string | undefined>();

/** The canonical IANA name when the runtime knows the zone, else undefined. */
export function canonicalIana(name: string): string | undefined {
  if (validity.has(name)) return validity.get(name);
  let out: string | undefined;
  // Only Area/City names and Etc/UTC-style names: offsets like "+01:00" are not zones here.
  if (/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name) || name === 'UTC') {
    try {
      out = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      out = undefined;
    }
  }
  validity.set(name, out);
  return out;
}

let ianaCities: Map<string, string> | undefined;

/** IANA zones by their city part ("amsterdam" -> "Europe/Amsterdam"), built on first use. */
function cities(): Map<string, string> {
  if (ianaCities) return ianaCities;
  ianaCities = new Map();
  const zones =
    (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ??
    [];
  for (const zone of zones) {
    const city = zone
      .slice(zone.lastIndexOf('/') + 1)
      .replace(/_/g, ' ')
      .toLowerCase();
    if (!ianaCities.has(city)) ianaCities.set(city, zone);
  }
  return ianaCities;
}

/** How a TZID was understood. */
export interface ResolvedZone {
  iana?: string;
  how: 'iana' | 'windows' | 'prefixed' | 'display' | 'unknown';
}

/**
 * Understands a TZID as calendars write it: an IANA name ("Europe/Zurich"), a Windows
 * name ("W. Europe Standard Time"), an IANA name behind a vendor prefix
 * ("/mozilla.org/20050126_1/Europe/Zurich"), or an Outlook display name
 * ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", matched by its first
 * city that names an IANA zone).
 */
export function resolveTimeZone(tzid: string): ResolvedZone {
  const raw = tzid.trim().replace(/^"|"$/g, '');
  const direct = canonicalIana(raw);
  if (direct) return { iana: direct, how: 'iana' };
  const windows = windowsZoneToIana(raw) ?? windowsZoneToIana(raw.replace(/\band\b/g, '&'));
  if (windows) return { iana: windows, how: 'windows' };
  // A vendor prefix before an Area/City name: try the last three, then the last two segments.
  const segments = raw.split('/').filter(Boolean);
  for (const n of [3, 2]) {
    if (segments.length < n) continue;
    const prefixed = canonicalIana(segments.slice(-n).join('/'));
    if (prefixed) return { iana: prefixed, how: 'prefixed' };
  }
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT|Universal|Zulu)$/i.test(raw)) return { iana: 'Etc/UTC', how: 'iana' };
  // "(UTC+01:00) Amsterdam, Berlin, ..." or "(UTC-05:00) Eastern Time (US & Canada)" or a bare list of cities.
  const offset = /^\(?(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?:[:.]?(\d{2}))?\)?\s*(.*)$/i.exec(raw);
  const rest = (offset ? (offset[4] as string) : raw).trim();
  if (rest !== '') {
    const named = windowsZoneToIana(rest) ?? windowsZoneToIana(rest.replace(/\band\b/g, '&'));
    if (named) return { iana: named, how: 'display' };
    for (const city of rest.split(/\s*[,;/]\s*|\s+and\s+/)) {
      const zone = cities().get(city.trim().toLowerCase());
      if (zone) return { iana: zone, how: 'display' };
    }
  }
  if (offset && rest === '' && (offset[3] ?? '00') === '00') {
    // A bare whole-hour offset: the fixed Etc zone (whose sign is inverted by convention).
    const hours = Number(offset[2]);
    if (hours === 0) return { iana: 'Etc/UTC', how: 'display' };
    if (hours <= 14) return { iana: `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`, how: 'display' };
  }
  return { how: 'unknown' };
}
