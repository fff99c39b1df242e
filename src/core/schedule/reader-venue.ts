/** A claim's venue out of the venues its segment was given, a room alone placed where the document puts it. */
import type { ReaderCore } from './reader-core.js';
import type { Segment } from './reader-types.js';
import type { Fact, Venue } from './types.js';
import { inCityOf } from './venue.js';

/**
 * The venue: the best-ranked statement, first in the text among equals. A room alone ("Room
 * XXII") is the room the document names elsewhere with its building and city ("Room XXII,
 * Palais des Nations"), else a room in the city another statement of the meeting names.
 */
export function claimVenue(rd: ReaderCore, seg: Segment): Fact<Venue> | undefined {
  const best = [...seg.venues].sort((a, b) => b.rank - a.rank)[0];
  if (!best) return undefined;
  const v = best.venue;
  const room = v.mode !== 'remote' && !v.city ? (v.building?.toLowerCase() ?? '') : '';
  const named = room ? roomsPlaced(rd).get(room) : undefined;
  if (named) {
    const { formerRoom, text } = v;
    return {
      value: { ...named.venue, text, ...(formerRoom ? { formerRoom } : {}) },
      evidence: [best.evidence],
    };
  }
  const placed = seg.venues.filter((o) => o.venue.city).map((o) => o.venue);
  return { value: inCityOf(v, placed), evidence: [best.evidence] };
}

/** Per reading: each room a venue with a city names in its building, to the first such venue. */
const placedRooms = new WeakMap<ReaderCore, Map<string, Segment['venues'][number]>>();

/**
 * The rooms the document places in a building and city ("Room XXII, Palais des Nations,
 * Geneva"), gathered once after the walk: a lookup per room alone, not a pass over every venue.
 */
function roomsPlaced(rd: ReaderCore): Map<string, Segment['venues'][number]> {
  let rooms = placedRooms.get(rd);
  if (rooms) return rooms;
  rooms = new Map();
  for (const seg of rd.segments.values())
    for (const o of seg.venues) {
      if (!o.venue.city || !o.venue.building) continue;
      for (const part of o.venue.building.toLowerCase().split(/\s*,\s*/))
        if (!rooms.has(part)) rooms.set(part, o);
    }
  placedRooms.set(rd, rooms);
  return rooms;
}
