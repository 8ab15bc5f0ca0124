// manage.js: where coordinators start: programs, venues, households and reports.
import { t } from '../i18n.js';
import { page } from '../ui.js';
import { menu } from './volunteer.js';

/** render draws the coordinator's menu. */
export async function render() {
  return page(t('manage.title'), menu([
    ['/programs', 'nav.programs', 'manage.programs_hint'],
    ['/rounds', 'round.list_title', 'round.manage_hint'],
    ['/reports', 'manage.reports', 'manage.reports_hint'],
    ['/troubles', 'troubles.title', 'manage.troubles_hint'],
    ['/approvals', 'approvals.title', 'manage.approvals_hint'],
    ['/members', 'members.title', 'manage.members_hint'],
    ['/venues', 'nav.venues', 'manage.venues_hint'],
    ['/households', 'nav.households', 'manage.households_hint'],
    ['/calendars', 'calendars.title', 'calendars.menu_hint'],
    ['/robots', 'robot.title', 'robot.menu_hint'],
  ]));
}
