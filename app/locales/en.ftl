# Beacon's public pages in English: the reference every other language file follows.
# Every file has exactly the messages this one has (a test checks it). Staff-written text
# (incident titles and updates, component names) is shown as written and is not here.

language-name = English

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
month-long-1 = January
month-long-2 = February
month-long-3 = March
month-long-4 = April
month-long-5 = May
month-long-6 = June
month-long-7 = July
month-long-8 = August
month-long-9 = September
month-long-10 = October
month-long-11 = November
month-long-12 = December
time-full = { $month } { $day }, { $year } - { $time } { $zone }
time-short = { $month } { $day }, { $time } { $zone }
date = { $month } { $day }, { $year }
month-year = { $monthlong } { $year }
number-decimal-separator = .
percent = { $number }%
duration-minutes = { $minutes } min
duration-hours = { $hours } h { $minutes } min
duration-less-than-a-minute = < 1 min
list-separator = ,{ " " }
list-two = { $first } and { $second }
list-more = { $rest }, and { $last }

## Statuses

component-status-operational = Operational
component-status-under_maintenance = Under Maintenance
component-status-degraded_performance = Degraded Performance
component-status-partial_outage = Partial Outage
component-status-major_outage = Major Outage
incident-status-investigating = Investigating
incident-status-identified = Identified
incident-status-monitoring = Monitoring
incident-status-resolved = Resolved
maintenance-status-scheduled = Scheduled
maintenance-status-in_progress = In Progress
maintenance-status-verifying = Verifying
maintenance-status-completed = Completed
impact-none = No impact
impact-minor = Minor impact
impact-major = Major impact
impact-critical = Critical impact
overall-operational = All Systems Operational
overall-maintenance = Service Under Maintenance
overall-minor = Minor Service Outage
overall-major = Partial System Outage
overall-critical = Major System Outage
update-label = Update

## Every page's frame

skip-to-content = Skip to content
nav-label = Site
nav-status = Status
nav-history = History
nav-subscribe = Subscribe to updates
nav-help = Get help
notice-label = Notice
feed-title-rss = { $page } history (RSS)
feed-title-atom = { $page } history (Atom)
feed-title-json = { $page } history (JSON Feed)
footer-times = Times are shown in { $zone }.
footer-history = Incident history
footer-subscribe = Subscribe to updates
footer-language = Language
footer-powered = Powered by Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = Show my time ({ $zone })
local-time-page = Show the page's time ({ $zone })
local-time-yours = { $zone } (your time zone)

## Shared pieces

posted = Posted { $time }
maintenance-components = Components: { $names }.
back-to-status = ← Current status

## The front page

banner-label = Overall status
about-label = About this page
active-incidents = Active incidents
scheduled-maintenance = Scheduled maintenance
components = Components
group-count = { $count ->
    [one] 1 component
   *[other] { $count } components
}
past-incidents = Past incidents
no-incidents = No incidents reported.
history-link = Incident history →
page-description = { $page }: { $status }

## Uptime bars

uptime-row-label = { $name }, last 90 days
uptime-total = { $percent } uptime
uptime-no-data = No data yet
uptime-words = { $total }, last { $days } days
uptime-days-ago = { $days } days ago
uptime-today = Today
day-uptime = { $date }: { $percent } uptime.
day-no-data = { $date }: no data.
day-status-time = { $status } { $duration }
day-incident = Incident: { $title }.
day-incidents = Incidents: { $titles }.

## An incident's page

postmortem = Postmortem
sentence = { $text }.
published = Published { $time }
resolved-at = Resolved { $time }
started-at = Started { $time }
updates = Updates
affected = This incident affected: { $components }.
affected-group = { $group } ({ $members })
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = Maintenance
completed-at = Completed { $time }
window = Window { $window }
maintenance-description = { $title } — maintenance, { $status }

## The history

history-heading = Incident history
history-heading-of = History of { $name }
history-empty-of = No incidents or maintenance reported for { $name }.
history-description = Past incidents and maintenance of { $page }
history-description-of = Past incidents and maintenance of { $name } on { $page }
history-pages = History pages
history-newest = ← Newest
history-older = Older →
history-filter-component = Component
history-filter-all = All components
history-filter-show = Show

## A component's page

part-of = Part of { $group }
no-data = No data
day = Day
uptime = Uptime
month = Month
days-table-details = Time not operational, incidents
no-downtime = No downtime and no incidents in the last 90 days.
uptime-last-90 = Uptime, last 90 days
days-with-downtime = Days with downtime or incidents
days-not-listed = Every day not listed had 100% uptime and no incident.
uptime-by-month = Uptime by month
no-events = No incidents or maintenance.
all-events-of = All incidents and maintenance of { $name } →
latest-events = Latest incidents and maintenance
follow = Follow
follow-feeds = Its incidents as a feed:
badge-alt = { $name } status badge
badge-link = Status badge (SVG)
# The left half of the page's badge (/badge.svg).
badge-status = status

## Error pages

error-not-found = Page not found
error-not-found-text = There is nothing at this address.
error-unavailable = Temporarily unavailable
error-unavailable-text = The status page cannot reach its database right now. Please try again in a moment.
error-internal = Something went wrong
error-internal-text = The page could not be shown. Please try again in a moment.
error-forbidden = Not allowed
error-rate-limited = Too many requests
error-too-large = Too large
error-bad-request = Bad request
error-home = Go to the current status
link-expired = This link has expired
link-expired-text = Confirmation links work for 48 hours. Subscribe again on the subscribe page to get a new one.
link-invalid = This link is not valid
link-invalid-text = It may be incomplete (copy the whole link from the message), or the subscription was removed.

## Subscribing

subscribe-heading = Subscribe to updates
subscribe-intro = Hear about new incidents, their updates and scheduled maintenance as they are posted.
subscribe-how = How
subscribe-kind-email = Email
subscribe-kind-webhook = Webhook (signed JSON)
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = Email address
subscribe-url = Webhook URL
subscribe-url-hint = For Slack, Discord or Teams: the incoming-webhook URL of the channel. For a webhook: your endpoint, which receives signed JSON.
subscribe-button = Subscribe
subscribe-title = Subscribe
subscribe-description = Subscribe to updates of { $page }
chooser-legend = Tell me about
chooser-all = The whole page
chooser-some = Only the components I choose:
chooser-group-all = (all { $count })
chooser-hint = Ticking a group includes all its components.
feeds-heading = Feeds and calendar
feeds-intro = Or follow the page in a feed reader, or its maintenance in a calendar:
feeds-all = Incidents and maintenance
feeds-calendar = Maintenance calendar
feeds-webcal = Open in calendar app (webcal)
feeds-component = One component's incidents

## Refusals on the subscribe pages

refuse-kind = Choose how to be told: email, webhook, Slack, Discord or Microsoft Teams.
refuse-no-email = Email subscriptions are not offered here (this page sends no mail); choose a webhook or chat URL.
refuse-components = Choose at least one component, or the whole page.
refuse-component-unknown = Component { $id } does not exist.
refuse-group-unknown = Group { $id } does not exist.
refuse-not-id = “{ $value }” is not the number of a component or group.
refuse-history-link = This history link is not valid; start again from the first page.
refuse-too-many = Too many subscription requests. Try again after { $when } ({ $minutes ->
    [one] in about one minute
   *[other] in about { $minutes } minutes
}).
refuse-too-large = The request is larger than { $mib } MiB, the most this page accepts: shorten it and send it again.
refuse-email = Enter an email address like ada@example.com.
refuse-url-missing = Enter the URL to post updates to.
refuse-url-long = This URL is too long.
refuse-url = Enter a full URL such as https://example.com/hook.
refuse-url-scheme = The URL must start with https:// or http://.
refuse-url-self = This URL points at this status page itself.
refuse-url-host = The host { $host } cannot be found.
refuse-url-private = This URL reaches a private or local address; only public addresses can be subscribed.

## After subscribing

inbox-heading = Check your inbox
inbox-sent = We sent a message to { $address } with a link to confirm your subscription (or, if it is confirmed already, a link to manage it).
inbox-nothing-before = Nothing is sent before you confirm. The confirmation link works for 48 hours.
back-to-current = Back to the current status
hook-subscribed = Subscribed
hook-already = Already subscribed
hook-already-text = This { $kind } to { $url } was subscribed already; nothing changed. Its signing secret and manage link were shown when it was first subscribed. If they are lost, ask the page's staff.
hook-posted = Updates of this page will be posted as { $kind } to { $url }.
secret-heading = Signing secret
secret-copy = Copy it now: it is shown only this once.
secret-how = Every delivery is signed as { $standard } describes: check the headers { $id }, { $timestamp } and { $signature } with this secret (the Standard Webhooks libraries do it in one call), and refuse a delivery whose signature does not match or whose timestamp is old.
manage-keep = Keep this link to change the components or unsubscribe:
confirmed-heading = Subscription confirmed
confirmed-text = You will get an email when an incident or maintenance is posted or updated.
confirmed-manage = Choose components or unsubscribe
manage-heading = Your subscription
manage-target = { $kind }: { $target }
manage-saved = Saved.
manage-unconfirmed = Not confirmed yet: follow the link in the confirmation mail first.
manage-save = Save
manage-stop = Stop all updates to this address:
unsubscribe = Unsubscribe
unsubscribe-question = Stop all updates to { $kind } { $target }?
unsubscribed = Unsubscribed
unsubscribed-already = This subscription was removed already: nothing more will be sent.
unsubscribed-text = You are unsubscribed: nothing more will be sent.
subscribe-again = Subscribe again
current-status = Current status

## Feeds and the maintenance calendar

feed-title = { $page } - Incident History
feed-description = Incidents and maintenance of { $page }
feed-component-title = { $page } - { $component } - Incident History
feed-component-description = Incidents that affected { $component } on { $page }
feed-scheduled = Scheduled from { $from } until { $until }.
calendar-name = { $page } - Maintenance
calendar-over = This maintenance is over.

## Mail to subscribers

email-subject = [{ $page }] { $what }: { $title }
email-status-change = { $label } (status: { $status })
email-view-incident = View this incident
email-maintenance-update = Maintenance update
email-maintenance-scheduled = Scheduled maintenance
email-maintenance-in-progress = Maintenance in progress
email-maintenance-verifying = Maintenance verifying
email-maintenance-completed = Maintenance completed
email-maintenance-status = Status: { $status }. Window: { $from } to { $until }.
email-view-maintenance = View this maintenance
email-confirm-heading = Confirm your subscription
email-confirm-asked = Someone, hopefully you, asked to receive status updates from { $page } at this address.
email-confirm-expires = The link expires in { $hours } hours. Nothing will be sent to this address before it is clicked; if you did not ask for this, ignore this mail.
email-manage-asked = Someone, hopefully you, asked to subscribe this address to status updates from { $page }. It is subscribed already, so nothing changed.
email-manage-link = Choose what you receive, or unsubscribe
email-ignore = If you did not ask for this, you can ignore this mail.
email-why = You receive this because this address is subscribed to status updates from { $page }.
email-manage = Manage your subscription

## The embeddable widget

widget-more = and { $count } more
widget-maintenance = { $count ->
    [one] 1 maintenance in progress
   *[other] { $count } maintenance windows in progress
}
