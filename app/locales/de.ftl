# Beacons öffentliche Seiten auf Deutsch. Referenz ist en.ftl: Diese Datei hat genau dieselben
# Nachrichten (ein Test prüft das). Vom Team verfasste Texte (Titel und Updates von Vorfällen,
# Namen von Komponenten) werden so gezeigt, wie sie geschrieben wurden, und stehen nicht hier.

language-name = Deutsch

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = Jan.
month-short-2 = Feb.
month-short-3 = März
month-short-4 = Apr.
month-short-5 = Mai
month-short-6 = Juni
month-short-7 = Juli
month-short-8 = Aug.
month-short-9 = Sept.
month-short-10 = Okt.
month-short-11 = Nov.
month-short-12 = Dez.
month-long-1 = Januar
month-long-2 = Februar
month-long-3 = März
month-long-4 = April
month-long-5 = Mai
month-long-6 = Juni
month-long-7 = Juli
month-long-8 = August
month-long-9 = September
month-long-10 = Oktober
month-long-11 = November
month-long-12 = Dezember
time-full = { $d }. { $month } { $year }, { $time } { $zone }
time-short = { $d }. { $month }, { $time } { $zone }
date = { $d }. { $month } { $year }
month-year = { $monthlong } { $year }
number-decimal-separator = ,
percent = { $number } %
duration-minutes = { $minutes } Min.
duration-hours = { $hours } Std. { $minutes } Min.
duration-less-than-a-minute = < 1 Min.
list-separator = ,{ " " }
list-two = { $first } und { $second }
list-more = { $rest } und { $last }

## Statuses

component-status-operational = Betriebsbereit
component-status-under_maintenance = Wartungsarbeiten
component-status-degraded_performance = Eingeschränkte Leistung
component-status-partial_outage = Teilweiser Ausfall
component-status-major_outage = Schwerer Ausfall
incident-status-investigating = Untersuchung läuft
incident-status-identified = Ursache gefunden
incident-status-monitoring = Beobachtung
incident-status-resolved = Behoben
maintenance-status-scheduled = Geplant
maintenance-status-in_progress = Läuft
maintenance-status-verifying = Wird überprüft
maintenance-status-completed = Abgeschlossen
impact-none = Keine Auswirkung
impact-minor = Geringe Auswirkung
impact-major = Erhebliche Auswirkung
impact-critical = Kritische Auswirkung
overall-operational = Alle Systeme betriebsbereit
overall-maintenance = Wartungsarbeiten am Dienst
overall-minor = Geringfügige Störung
overall-major = Teilweiser Systemausfall
overall-critical = Schwerer Systemausfall
update-label = Update

## Every page's frame

skip-to-content = Zum Inhalt springen
nav-label = Website
nav-status = Status
nav-history = Verlauf
nav-subscribe = Updates abonnieren
nav-help = Hilfe
notice-label = Hinweis
feed-title-rss = Verlauf von { $page } (RSS)
feed-title-atom = Verlauf von { $page } (Atom)
feed-title-json = Verlauf von { $page } (JSON Feed)
footer-times = Alle Zeiten in { $zone }.
footer-history = Vorfallsverlauf
footer-subscribe = Updates abonnieren
footer-language = Sprache
footer-powered = Betrieben mit Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = Meine Zeit anzeigen ({ $zone })
local-time-page = Zeit der Seite anzeigen ({ $zone })
local-time-yours = { $zone } (Ihre Zeitzone)

## Shared pieces

posted = Veröffentlicht am { $time }
maintenance-components = Komponenten: { $names }.
back-to-status = ← Aktueller Status

## The front page

banner-label = Gesamtstatus
about-label = Über diese Seite
active-incidents = Aktuelle Vorfälle
scheduled-maintenance = Geplante Wartungen
components = Komponenten
group-count = { $count ->
    [one] { $count } Komponente
   *[other] { $count } Komponenten
}
past-incidents = Vergangene Vorfälle
no-incidents = Keine Vorfälle gemeldet.
history-link = Vorfallsverlauf →
page-description = { $page }: { $status }

## Uptime bars

uptime-row-label = { $name }, letzte 90 Tage
uptime-total = { $percent } Verfügbarkeit
uptime-no-data = Noch keine Daten
uptime-words = { $total }, letzte { $days } Tage
uptime-days-ago = vor { $days } Tagen
uptime-today = Heute
day-uptime = { $date }: { $percent } Verfügbarkeit.
day-no-data = { $date }: keine Daten.
day-status-time = { $status } ({ $duration })
day-incident = Vorfall: { $title }.
day-incidents = Vorfälle: { $titles }.

## An incident's page

postmortem = Post-Mortem
sentence = { $text }.
published = Veröffentlicht am { $time }
resolved-at = Behoben am { $time }
started-at = Begonnen am { $time }
updates = Updates
affected = Betroffen von diesem Vorfall: { $components }.
affected-group = { $group } ({ $members })
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = Wartung
completed-at = Abgeschlossen am { $time }
window = Zeitraum: { $window }
maintenance-description = { $title } — Wartung, { $status }

## The history

history-heading = Vorfallsverlauf
history-heading-of = Verlauf von { $name }
history-empty-of = Für { $name } wurden keine Vorfälle oder Wartungen gemeldet.
history-description = Vergangene Vorfälle und Wartungen von { $page }
history-description-of = Vergangene Vorfälle und Wartungen von { $name } auf { $page }
history-pages = Verlaufsseiten
history-newest = ← Neueste
history-older = Ältere →
history-filter-component = Komponente
history-filter-all = Alle Komponenten
history-filter-show = Anzeigen

## A component's page

part-of = Teil von { $group }
no-data = Keine Daten
day = Tag
uptime = Verfügbarkeit
month = Monat
days-table-details = Zeit nicht betriebsbereit, Vorfälle
no-downtime = Keine Ausfallzeit und keine Vorfälle in den letzten 90 Tagen.
uptime-last-90 = Verfügbarkeit, letzte 90 Tage
days-with-downtime = Tage mit Ausfallzeit oder Vorfällen
days-not-listed = Alle nicht aufgeführten Tage hatten 100 % Verfügbarkeit und keinen Vorfall.
uptime-by-month = Verfügbarkeit nach Monat
no-events = Keine Vorfälle oder Wartungen.
all-events-of = Alle Vorfälle und Wartungen von { $name } →
latest-events = Neueste Vorfälle und Wartungen
follow = Folgen
follow-feeds = Vorfälle dieser Komponente als Feed:
badge-alt = Status-Badge von { $name }
badge-link = Status-Badge (SVG)
# The left half of the page's badge (/badge.svg).
badge-status = Status

## Error pages

error-not-found = Seite nicht gefunden
error-not-found-text = Unter dieser Adresse gibt es nichts.
error-unavailable = Vorübergehend nicht verfügbar
error-unavailable-text = Die Statusseite kann ihre Datenbank gerade nicht erreichen. Bitte versuchen Sie es gleich noch einmal.
error-internal = Etwas ist schiefgelaufen
error-internal-text = Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es gleich noch einmal.
error-forbidden = Nicht erlaubt
error-rate-limited = Zu viele Anfragen
error-too-large = Zu groß
error-bad-request = Ungültige Anfrage
error-home = Zum aktuellen Status
link-expired = Dieser Link ist abgelaufen
link-expired-text = Bestätigungslinks sind 48 Stunden gültig. Abonnieren Sie erneut auf der Abonnementseite, um einen neuen zu erhalten.
link-invalid = Dieser Link ist ungültig
link-invalid-text = Er ist vielleicht unvollständig (kopieren Sie den ganzen Link aus der Nachricht), oder das Abonnement wurde entfernt.

## Subscribing

subscribe-heading = Updates abonnieren
subscribe-intro = Erfahren Sie von neuen Vorfällen, deren Updates und geplanten Wartungen, sobald sie veröffentlicht werden.
subscribe-how = Wie
subscribe-kind-email = E-Mail
subscribe-kind-webhook = Webhook (signiertes JSON)
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = E-Mail-Adresse
subscribe-url = Webhook-URL
subscribe-url-hint = Für Slack, Discord oder Teams: die Incoming-Webhook-URL des Kanals. Für einen Webhook: Ihr Endpunkt, der signiertes JSON empfängt.
subscribe-button = Abonnieren
subscribe-title = Abonnieren
subscribe-description = Updates von { $page } abonnieren
chooser-legend = Benachrichtigen über
chooser-all = Die ganze Seite
chooser-some = Nur die Komponenten, die ich auswähle:
chooser-group-all = (alle { $count })
chooser-hint = Eine angekreuzte Gruppe umfasst alle ihre Komponenten.
feeds-heading = Feeds und Kalender
feeds-intro = Oder folgen Sie der Seite in einem Feedreader und ihren Wartungen in einem Kalender:
feeds-all = Vorfälle und Wartungen
feeds-calendar = Wartungskalender
feeds-webcal = In Kalender-App öffnen (webcal)
feeds-component = Vorfälle einer Komponente

## Refusals on the subscribe pages

refuse-kind = Wählen Sie, wie Sie benachrichtigt werden möchten: E-Mail, Webhook, Slack, Discord oder Microsoft Teams.
refuse-no-email = E-Mail-Abonnements werden hier nicht angeboten (diese Seite versendet keine E-Mails); wählen Sie eine Webhook- oder Chat-URL.
refuse-components = Wählen Sie mindestens eine Komponente oder die ganze Seite.
refuse-component-unknown = Komponente { $id } existiert nicht.
refuse-group-unknown = Gruppe { $id } existiert nicht.
refuse-not-id = „{ $value }“ ist keine Nummer einer Komponente oder Gruppe.
refuse-history-link = Dieser Link in den Verlauf ist ungültig; beginnen Sie wieder auf der ersten Seite.
refuse-too-many = Zu viele Anmeldeversuche. Versuchen Sie es nach { $when } erneut ({ $minutes ->
    [one] in etwa einer Minute
   *[other] in etwa { $minutes } Minuten
}).
refuse-too-large = Die Anfrage ist größer als { $mib } MiB, mehr nimmt diese Seite nicht an: Kürzen Sie sie und senden Sie sie erneut.
refuse-email = Geben Sie eine E-Mail-Adresse wie ada@example.com ein.
refuse-url-missing = Geben Sie die URL ein, an die Updates gesendet werden sollen.
refuse-url-long = Diese URL ist zu lang.
refuse-url = Geben Sie eine vollständige URL wie https://example.com/hook ein.
refuse-url-scheme = Die URL muss mit https:// oder http:// beginnen.
refuse-url-self = Diese URL verweist auf diese Statusseite selbst.
refuse-url-host = Der Host { $host } wurde nicht gefunden.
refuse-url-private = Diese URL führt zu einer privaten oder lokalen Adresse; nur öffentliche Adressen können abonniert werden.

## After subscribing

inbox-heading = Prüfen Sie Ihr Postfach
inbox-sent = Wir haben eine Nachricht an { $address } gesendet, mit einem Link zur Bestätigung Ihres Abonnements (oder, falls es bereits bestätigt ist, einem Link zu seiner Verwaltung).
inbox-nothing-before = Vor Ihrer Bestätigung wird nichts gesendet. Der Bestätigungslink ist 48 Stunden gültig.
back-to-current = Zurück zum aktuellen Status
hook-subscribed = Abonniert
hook-already = Bereits abonniert
hook-already-text = Dieses Abonnement ({ $kind }) an { $url } bestand bereits; nichts wurde geändert. Sein Signaturschlüssel und sein Verwaltungslink wurden beim ersten Abonnieren angezeigt. Falls sie verloren gegangen sind, wenden Sie sich an die Betreiber dieser Seite.
hook-posted = Updates dieser Seite werden per { $kind } an { $url } gesendet.
secret-heading = Signaturschlüssel
secret-copy = Kopieren Sie ihn jetzt: Er wird nur dieses eine Mal angezeigt.
secret-how = Jede Zustellung ist so signiert, wie { $standard } es beschreibt: Prüfen Sie die Header { $id }, { $timestamp } und { $signature } mit diesem Schlüssel (die Bibliotheken von Standard Webhooks erledigen das mit einem Aufruf) und weisen Sie jede Zustellung zurück, deren Signatur nicht passt oder deren Zeitstempel alt ist.
manage-keep = Bewahren Sie diesen Link auf, um die Komponenten zu ändern oder das Abonnement zu beenden:
confirmed-heading = Abonnement bestätigt
confirmed-text = Sie erhalten eine E-Mail, wenn ein Vorfall oder eine Wartung veröffentlicht oder aktualisiert wird.
confirmed-manage = Komponenten auswählen oder abbestellen
manage-heading = Ihr Abonnement
manage-target = { $kind }: { $target }
manage-saved = Gespeichert.
manage-unconfirmed = Noch nicht bestätigt: Folgen Sie zuerst dem Link in der Bestätigungs-E-Mail.
manage-save = Speichern
manage-stop = Alle Updates an diese Adresse beenden:
unsubscribe = Abbestellen
unsubscribe-question = Alle Updates per { $kind } an { $target } beenden?
unsubscribed = Abbestellt
unsubscribed-already = Dieses Abonnement wurde bereits entfernt: Es wird nichts mehr gesendet.
unsubscribed-text = Ihr Abonnement ist beendet: Es wird nichts mehr gesendet.
subscribe-again = Erneut abonnieren
current-status = Aktueller Status

## Feeds and the maintenance calendar

feed-title = { $page } - Vorfallsverlauf
feed-description = Vorfälle und Wartungen von { $page }
feed-component-title = { $page } - { $component } - Vorfallsverlauf
feed-component-description = Vorfälle, die { $component } auf { $page } betrafen
feed-scheduled = Geplant von { $from } bis { $until }.
calendar-name = { $page } - Wartungen
calendar-over = Diese Wartung ist beendet.

## Mail to subscribers

email-subject = [{ $page }] { $what }: { $title }
email-status-change = { $label } (Status: { $status })
email-view-incident = Diesen Vorfall ansehen
email-maintenance-update = Update zur Wartung
email-maintenance-scheduled = Geplante Wartung
email-maintenance-in-progress = Wartung läuft
email-maintenance-verifying = Wartung wird überprüft
email-maintenance-completed = Wartung abgeschlossen
email-maintenance-status = Status: { $status }. Zeitraum: { $from } bis { $until }.
email-view-maintenance = Diese Wartung ansehen
email-confirm-heading = Abonnement bestätigen
email-confirm-asked = Jemand, hoffentlich Sie, hat darum gebeten, unter dieser Adresse Status-Updates von { $page } zu erhalten.
email-confirm-expires = { $hours ->
    [one] Der Link ist { $hours } Stunde gültig.
   *[other] Der Link ist { $hours } Stunden gültig.
} Solange er nicht angeklickt wurde, wird nichts an diese Adresse gesendet; falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.
email-manage-asked = Jemand, hoffentlich Sie, hat darum gebeten, für diese Adresse die Status-Updates von { $page } zu abonnieren. Für diese Adresse besteht bereits ein Abonnement, daher wurde nichts geändert.
email-manage-link = Auswählen, was Sie erhalten, oder abbestellen
email-ignore = Falls Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.
email-why = Sie erhalten diese E-Mail, weil diese Adresse die Status-Updates von { $page } abonniert hat.
email-manage = Abonnement verwalten

## The embeddable widget

widget-more = { $count ->
    [one] und { $count } weiterer
   *[other] und { $count } weitere
}
widget-maintenance = { $count ->
    [one] { $count } Wartung läuft
   *[other] { $count } Wartungen laufen
}
