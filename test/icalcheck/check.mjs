// check.mjs: the independent check of one linli iCalendar feed with ical.js, the parser of
// Mozilla Thunderbird (ICAL.md §5). It prints one JSON line per occurrence,
//   {uid, recurrenceId, status, allDay, tzid, startUTC, endUTC},
// and exits 1 with a message on stderr when the feed is broken for a real client.
//
// Usage: node check.mjs FEED.ics [FROM TO]   (expansion window in UTC, e.g. 2025-01-01T00:00:00Z;
//                                              default 2000 to 2100)
// Run it with TZ=America/New_York so floating or missing-zone times shift visibly.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(message) {
  process.stderr.write(`icalcheck: ${message}\n`);
  process.exit(1);
}

const [file, fromArg = "2000-01-01T00:00:00Z", toArg = "2100-01-01T00:00:00Z"] = process.argv.slice(2);
if (!file) fail("usage: node check.mjs FEED.ics [FROM TO]");

const text = readFileSync(file, "utf8");
if (text.includes("\uFFFD")) fail("the feed contains U+FFFD (invalid UTF-8 or a fold inside a character)");

let root;
try {
  root = new ICAL.Component(ICAL.parse(text));
} catch (e) {
  fail(`ICAL.parse: ${e.message}`);
}
if (root.name !== "vcalendar") fail(`top-level component is ${root.name}, not vcalendar`);

// Only the feed's own VTIMEZONEs: a client has nothing else to resolve a TZID with.
ICAL.TimezoneService.reset();
const ownZones = new Set();
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  const tzid = vtz.getFirstPropertyValue("tzid");
  if (!tzid) fail("a VTIMEZONE has no TZID");
  if (ownZones.has(tzid)) fail(`two VTIMEZONEs for ${tzid}`);
  ownZones.add(tzid);
  // Outlook and ical4j (ICSx5) misread the offsets of a zone with a DAYLIGHT part alone.
  if (vtz.getAllSubcomponents("daylight").length > 0 && vtz.getAllSubcomponents("standard").length === 0) {
    fail(`the VTIMEZONE of ${tzid} has a DAYLIGHT part but no STANDARD part`);
  }
  ICAL.TimezoneService.register(vtz);
}

function bound(s) {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(s)) fail(`window bound ${s} is not like 2025-01-01T00:00:00Z`);
  return ICAL.Time.fromDateTimeString(s);
}
const from = bound(fromArg);
const to = bound(toArg);

const masters = new Map();
const exceptions = new Map();
for (const comp of root.getAllSubcomponents("vevent")) {
  const uid = comp.getFirstPropertyValue("uid");
  if (!uid) fail("a VEVENT has no UID");
  for (const prop of comp.getAllProperties()) {
    const tzid = prop.getParameter("tzid");
    if (tzid !== undefined && !ownZones.has(tzid)) fail(`${uid}: ${prop.name} uses TZID ${tzid}, which the feed does not define`);
  }
  if (comp.hasProperty("recurrence-id")) {
    if (!exceptions.has(uid)) exceptions.set(uid, []);
    exceptions.get(uid).push(comp);
  } else {
    if (masters.has(uid)) fail(`two VEVENTs with UID ${uid} and no RECURRENCE-ID`);
    masters.set(uid, comp);
  }
}
for (const uid of exceptions.keys()) {
  if (!masters.has(uid)) fail(`${uid}: RECURRENCE-ID override without its master event`);
}

const iso = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString().replace(/\.000Z$/, "Z"));

function print(uid, item, startDate, endDate, recurrenceId) {
  const allDay = startDate.isDate;
  const tzid = allDay ? null : startDate.zone.tzid;
  if (!allDay && (tzid === "floating" || endDate.zone.tzid === "floating")) {
    fail(`${uid}: a timed occurrence in floating time (missing TZID or VTIMEZONE)`);
  }
  if (endDate.compare(startDate) <= 0) fail(`${uid}: end ${endDate} is not after start ${startDate}`);
  process.stdout.write(JSON.stringify({
    uid,
    recurrenceId: recurrenceId ? iso(recurrenceId) : null,
    status: item.component.getFirstPropertyValue("status") ?? null,
    allDay,
    tzid,
    startUTC: iso(startDate),
    endUTC: iso(endDate),
  }) + "\n");
}

for (const [uid, comp] of masters) {
  const event = new ICAL.Event(comp, { strictExceptions: true, exceptions: [] });
  for (const ex of exceptions.get(uid) ?? []) event.relateException(ex);
  if (!event.isRecurring()) {
    // A single event keeps its own DTEND, as clients show it; expansion would add the duration
    // to the start in local time, which differs across a DST change.
    if (event.endDate.compare(from) > 0 && event.startDate.compare(to) < 0) {
      print(uid, event, event.startDate, event.endDate, null);
    }
    continue;
  }
  const it = event.iterator();
  for (let next = it.next(), n = 0; next; next = it.next(), n++) {
    if (n > 100000) fail(`${uid}: more than 100000 occurrences`);
    if (next.compare(to) >= 0) break;
    const { item, startDate, endDate, recurrenceId } = event.getOccurrenceDetails(next);
    if (endDate.compare(from) > 0) print(uid, item, startDate, endDate, recurrenceId);
  }
}
