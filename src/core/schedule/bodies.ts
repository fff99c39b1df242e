/**
 * Bodies that meet only in one country: the name of a local council ("Gemeinderat",
 * "Concejo Deliberante", "conseil municipal" with its "mairie") tells the country, and a
 * headquarters (United Nations Headquarters, the UN General Assembly) the city, when the
 * text names no place, and a country with one zone tells the zone. Such a zone is never
 * stated by the text: callers mark it inferred and keep the reason, which names the body
 * and the neighbours that share it.
 */

interface Body {
  /** The body's name, as the text writes it. */
  name: RegExp;
  /** Another word the document must hold too, where the name alone is an abbreviation or shared. */
  also?: RegExp;
  zone: string;
  /** Where the body meets, as the reason says it. */
  where: string;
  /** Other countries with such bodies, all at the same offset. */
  sameOffset?: string;
}

const BODIES: Body[] = [
  {
    name: /\b(?:Gemeinderat\w*|Gemeindevertretung|Stadtrat(?:s|es)?|Stadtverordnetenversammlung|Kreistag(?:s|es)?|Ortschaftsrat\w*)\b/,
    zone: 'Europe/Berlin',
    where: 'a body of Germany',
    sameOffset: 'Austria and Switzerland have such councils too, at the same offset',
  },
  {
    name: /\bConcejo Deliberante\b|\bH\.?\s?C\.?\s?D\.?(?![\w.])/i,
    also: /\bconcejal(?:es|a|as)?\b|\bconcejo\b/i,
    zone: 'America/Argentina/Buenos_Aires',
    where: 'a body of Argentina',
  },
  {
    name: /\bconseil municipal\b/i,
    also: /\bmairie\b|\ble maire\b/i,
    zone: 'Europe/Paris',
    where: 'a body of France',
    sameOffset: 'Belgium, Luxembourg and Switzerland have such councils too, at the same offset',
  },
  {
    // A Spanish municipal plenary: "Pleno Ordinario de la Corporación", "Pleno Extraordinario y Urgente de la Corporación".
    name: /\bPleno\b(?:\s+\S+){0,5}?\s+de la Corporaci[óo]n\b/,
    also: /\bOrden del D[íi]a\b|\bAyuntamiento\b|\bconcejal\w*|\bAlcald(?:e|esa|ía)\b/i,
    zone: 'Europe/Madrid',
    where: 'a municipal body of Spain',
    sameOffset: 'except in the Canary Islands, an hour behind',
  },
  {
    // The headquarters named as a place, with or without a room.
    name: /\b(?:United Nations|UN) Headquarters\b|\bUNHQ\b/,
    zone: 'America/New_York',
    where: 'in New York',
  },
  {
    // The UN's General Assembly (not "the WIPO General Assembly" of another organisation).
    name: /(?<!\b[A-Z]{2,8}\s)\bGeneral Assembly\b/,
    also: /\bUnited Nations\b|\bA\/RES\/|\bPresident of the General Assembly\b/,
    zone: 'America/New_York',
    where: 'which meets at United Nations Headquarters in New York',
  },
];

/** The body a text names, with its country's zone; undefined when none, or bodies of two zones. */
export function bodyPlace(
  text: string,
): { zone: string; index: number; length: number; name: string; reason: string } | undefined {
  const found: { body: Body; index: number; length: number; name: string }[] = [];
  for (const body of BODIES) {
    const m = body.name.exec(text);
    if (!m || (body.also && !body.also.test(text))) continue;
    found.push({ body, index: m.index, length: m[0].length, name: m[0] });
  }
  const zones = new Set(found.map((f) => f.body.zone));
  const first = found[0];
  if (!first || zones.size !== 1) return undefined;
  const { body } = first;
  return {
    zone: body.zone,
    index: first.index,
    length: first.length,
    name: first.name,
    reason: `inferred from "${first.name}", ${body.where}${body.sameOffset ? ` (${body.sameOffset})` : ''}; the text names no other place`,
  };
}
