// program-edit.js: change a program (title, seats, staff, venue, ages, times, weekdays, day
// filter, dates left out, booking window). The change is first previewed: how many future
// sessions it adds, moves and cancels and how many families it touches (PATCH ?dry_run=true,
// which writes nothing); only then is it saved.
import { t } from '../i18n.js';
import { get, all, patch } from '../api.js';
import { h, page, field, form, checks, notice, showError } from '../ui.js';
import { staffOptions } from '../community.js';
import { scheduleFields, venueOptions, bodyOf, localInput, warningNotes } from '../program-form.js';

/** render draws the edit form of the program in the address. */
export async function render({ app, params }) {
  const { program: p } = await get(`/programs/${encodeURIComponent(params.id)}`);
  const title = t('program_edit.title', { title: p.title });
  const back = h('p', null, h('a', { href: `#/programs/${p.id}` }, t('program_edit.back')));
  if (p.status === 'deleted') return page(title, notice(t('program_edit.deleted')), back);
  const { community: c } = await get(`/communities/${p.community_id}`);
  const [venues, staff] = await Promise.all([all(`/communities/${c.id}/venues`), staffOptions(c)]);
  const preview = h('div', { id: 'edit-preview', 'aria-live': 'polite' });
  let pending = null; // the body the preview shows, saved by the second button
  const save = h('button', { type: 'button', class: 'primary', id: 'edit-save', onclick: async () => {
    save.disabled = true;
    try {
      const res = await patch(`/programs/${p.id}`, pending);
      const warn = res.warnings?.length ? `&warnings=${res.warnings.join(',')}` : '';
      app.navigate(`/programs/${p.id}?saved=1${warn}`);
    } catch (err) {
      save.disabled = false;
      showError(f, err);
    }
  } }, t('program_edit.save'));
  const f = form({ id: 'edit-form', submit: t('program_edit.preview'), onSubmit: async (v) => {
    const body = bodyOf(v, c);
    if (!body.schedule.weekdays && p.schedule.rrule) body.schedule.rrule = p.schedule.rrule;
    body.staff_ids = body.staff_ids || [];
    body.venue_id = body.venue_id || '';
    // An emptied booking time clears it: booking opens as soon as the program is published.
    if (!body.booking_opens_at && p.booking_opens_at) body.booking_opens_at = '';
    const res = await patch(`/programs/${p.id}?dry_run=true`, body);
    pending = body;
    preview.replaceChildren(previewBox(res), ...warningNotes(res.warnings), h('p', { class: 'actions' }, save));
    save.disabled = false;
    save.focus();
  } },
  field({ name: 'title', label: t('field.title'), value: p.title, required: true, maxlength: 100 }),
  h('div', { class: 'row' },
    field({ name: 'capacity', label: t('field.capacity'), type: 'number', min: 1, value: p.capacity, inputmode: 'numeric', required: true }),
    field({ name: 'venue_id', label: t('field.venue'), type: 'select', value: p.venue_id || '', options: venueOptions(venues) })),
  h('div', { class: 'row' },
    field({ name: 'age_min', label: t('field.age_min'), type: 'number', min: 3, max: 12, value: p.age_min ?? '', inputmode: 'numeric' }),
    field({ name: 'age_max', label: t('field.age_max'), type: 'number', min: 3, max: 12, value: p.age_max ?? '', inputmode: 'numeric' })),
  staff.length ? checks({ name: 'staff_ids', label: t('field.staff'), options: staff, values: p.staff_ids || [], hint: t('program.staff_hint') })
    : h('p', { class: 'hint' }, t('program.no_staff')),
  scheduleFields(p.schedule),
  h('fieldset', { class: 'group' }, h('legend', null, t('program_edit.booking')),
    field({ name: 'booking_opens_at', label: t('field.booking_opens_at'), type: 'datetime-local', value: localInput(p.booking_opens_at) }),
    field({ name: 'cancel_cutoff_minutes', label: t('field.cancel_cutoff_minutes'), type: 'number', min: 0, value: p.cancel_cutoff_minutes, inputmode: 'numeric' })));
  // A preview holds for the values it was made from: any change asks for a new one.
  f.addEventListener('input', () => {
    if (!pending) return;
    pending = null;
    preview.replaceChildren(notice(t('program_edit.stale')));
  });
  return page(title, h('p', { class: 'hint' }, t('program_edit.intro')), f, preview, back);
}

// previewBox says in words what the change does.
function previewBox(res) {
  const n = res.preview;
  const nothing = !n.sessions_added && !n.sessions_moved && !n.sessions_cancelled;
  return h('div', { class: 'card preview', id: 'preview-counts' },
    h('h2', null, t('program_edit.preview_title')),
    nothing ? h('p', null, t('program_edit.no_sessions_change')) : h('ul', { class: 'plain' },
      h('li', null, t('program_edit.added', { n: n.sessions_added })),
      h('li', null, t('program_edit.moved', { n: n.sessions_moved })),
      h('li', null, t('program_edit.cancelled', { n: n.sessions_cancelled }))),
    h('p', { class: n.bookings_affected ? 'notice notice-error' : 'meta' },
      n.bookings_affected ? t('program_edit.families', { bookings: n.bookings_affected, families: n.families_affected }) : t('program_edit.no_families')));
}
