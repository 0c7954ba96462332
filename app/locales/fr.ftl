# Les pages publiques de Beacon en français. La référence est en.ftl : ce fichier a exactement
# les mêmes messages (un test le vérifie). Les textes rédigés par l’équipe (titres et mises à jour
# des incidents, noms des composants) sont affichés tels quels et ne figurent pas ici.

language-name = Français

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = janv.
month-short-2 = févr.
month-short-3 = mars
month-short-4 = avr.
month-short-5 = mai
month-short-6 = juin
month-short-7 = juil.
month-short-8 = août
month-short-9 = sept.
month-short-10 = oct.
month-short-11 = nov.
month-short-12 = déc.
month-long-1 = janvier
month-long-2 = février
month-long-3 = mars
month-long-4 = avril
month-long-5 = mai
month-long-6 = juin
month-long-7 = juillet
month-long-8 = août
month-long-9 = septembre
month-long-10 = octobre
month-long-11 = novembre
month-long-12 = décembre
time-full = { $d } { $month } { $year }, { $time } { $zone }
time-short = { $d } { $month }, { $time } { $zone }
date = { $d } { $month } { $year }
month-year = { $monthlong } { $year }
number-decimal-separator = ,
percent = { $number } %
duration-minutes = { $minutes } min
duration-hours = { $hours } h { $minutes } min
duration-less-than-a-minute = < 1 min
list-separator = ,{ " " }
list-two = { $first } et { $second }
list-more = { $rest } et { $last }

## Statuses

component-status-operational = Opérationnel
component-status-under_maintenance = En maintenance
component-status-degraded_performance = Performances dégradées
component-status-partial_outage = Panne partielle
component-status-major_outage = Panne majeure
incident-status-investigating = Enquête en cours
incident-status-identified = Problème identifié
incident-status-monitoring = Surveillance
incident-status-resolved = Résolu
maintenance-status-scheduled = Planifiée
maintenance-status-in_progress = En cours
maintenance-status-verifying = Vérification
maintenance-status-completed = Terminée
impact-none = Aucun impact
impact-minor = Impact mineur
impact-major = Impact majeur
impact-critical = Impact critique
overall-operational = Tous les systèmes sont opérationnels
overall-maintenance = Service en maintenance
overall-minor = Perturbation mineure du service
overall-major = Panne partielle des systèmes
overall-critical = Panne majeure des systèmes
update-label = Mise à jour

## Every page's frame

skip-to-content = Aller au contenu
nav-label = Site
nav-status = État
nav-history = Historique
nav-subscribe = S’abonner aux mises à jour
nav-help = Aide
notice-label = Avis
feed-title-rss = Historique de { $page } (RSS)
feed-title-atom = Historique de { $page } (Atom)
feed-title-json = Historique de { $page } (JSON Feed)
footer-times = Heures indiquées en { $zone }.
footer-history = Historique des incidents
footer-subscribe = S’abonner aux mises à jour
footer-language = Langue
footer-powered = Propulsé par Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = Afficher mon heure ({ $zone })
local-time-page = Afficher l’heure de la page ({ $zone })
local-time-yours = { $zone } (votre fuseau horaire)

## Shared pieces

posted = Publié le { $time }
maintenance-components = Composants : { $names }.
back-to-status = ← État actuel

## The front page

banner-label = État général
about-label = À propos de cette page
active-incidents = Incidents en cours
scheduled-maintenance = Maintenances planifiées
components = Composants
group-count = { $count ->
    [one] { $count } composant
   *[other] { $count } composants
}
past-incidents = Incidents passés
no-incidents = Aucun incident signalé.
history-link = Historique des incidents →
page-description = { $page } : { $status }

## Uptime bars

uptime-row-label = { $name }, 90 derniers jours
uptime-total = { $percent } de disponibilité
uptime-no-data = Pas encore de données
uptime-words = { $total }, { $days } derniers jours
uptime-days-ago = il y a { $days } jours
uptime-today = Aujourd’hui
day-uptime = { $date } : { $percent } de disponibilité.
day-no-data = { $date } : aucune donnée.
day-status-time = { $status } ({ $duration })
day-incident = Incident : { $title }.
day-incidents = Incidents : { $titles }.

## An incident's page

postmortem = Post-mortem
sentence = { $text }.
published = Publié le { $time }
resolved-at = Résolu le { $time }
started-at = Commencé le { $time }
updates = Mises à jour
affected = Cet incident a affecté : { $components }.
affected-group = { $group } ({ $members })
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = Maintenance
completed-at = Terminée le { $time }
window = Période : { $window }
maintenance-description = { $title } — maintenance, { $status }

## The history

history-heading = Historique des incidents
history-heading-of = Historique de { $name }
history-empty-of = Aucun incident ni maintenance signalé pour { $name }.
history-description = Incidents et maintenances passés de { $page }
history-description-of = Incidents et maintenances passés de { $name } sur { $page }
history-pages = Pages de l’historique
history-newest = ← Plus récents
history-older = Plus anciens →
history-filter-component = Composant
history-filter-all = Tous les composants
history-filter-show = Afficher

## A component's page

part-of = Fait partie de { $group }
no-data = Aucune donnée
day = Jour
uptime = Disponibilité
month = Mois
days-table-details = Temps non opérationnel, incidents
no-downtime = Aucune interruption ni aucun incident au cours des 90 derniers jours.
uptime-last-90 = Disponibilité, 90 derniers jours
days-with-downtime = Jours avec interruption ou incident
days-not-listed = Tous les jours non listés ont eu 100 % de disponibilité et aucun incident.
uptime-by-month = Disponibilité par mois
no-events = Aucun incident ni maintenance.
all-events-of = Tous les incidents et maintenances de { $name } →
latest-events = Derniers incidents et maintenances
follow = Suivre
follow-feeds = Ses incidents sous forme de flux :
badge-alt = Badge d’état de { $name }
badge-link = Badge d’état (SVG)
# The left half of the page's badge (/badge.svg).
badge-status = état

## Error pages

error-not-found = Page introuvable
error-not-found-text = Il n’y a rien à cette adresse.
error-unavailable = Temporairement indisponible
error-unavailable-text = La page d’état ne parvient pas à joindre sa base de données pour le moment. Veuillez réessayer dans un instant.
error-internal = Une erreur s’est produite
error-internal-text = La page n’a pas pu être affichée. Veuillez réessayer dans un instant.
error-forbidden = Non autorisé
error-rate-limited = Trop de requêtes
error-too-large = Trop volumineux
error-bad-request = Requête invalide
error-home = Voir l’état actuel
link-expired = Ce lien a expiré
link-expired-text = Les liens de confirmation sont valables 48 heures. Abonnez-vous de nouveau sur la page d’abonnement pour en recevoir un nouveau.
link-invalid = Ce lien n’est pas valide
link-invalid-text = Il est peut-être incomplet (copiez le lien entier depuis le message), ou l’abonnement a été supprimé.

## Subscribing

subscribe-heading = S’abonner aux mises à jour
subscribe-intro = Soyez informé des nouveaux incidents, de leurs mises à jour et des maintenances planifiées dès leur publication.
subscribe-how = Comment
subscribe-kind-email = E-mail
subscribe-kind-webhook = Webhook (JSON signé)
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = Adresse e-mail
subscribe-url = URL du webhook
subscribe-url-hint = Pour Slack, Discord ou Teams : l’URL du webhook entrant du canal. Pour un webhook : votre point de terminaison, qui reçoit du JSON signé.
subscribe-button = S’abonner
subscribe-title = S’abonner
subscribe-description = S’abonner aux mises à jour de { $page }
chooser-legend = Me prévenir pour
chooser-all = Toute la page
chooser-some = Seulement les composants que je choisis :
chooser-group-all = (tous les { $count })
chooser-hint = Cocher un groupe inclut tous ses composants.
feeds-heading = Flux et calendrier
feeds-intro = Ou suivez la page dans un lecteur de flux, et ses maintenances dans un agenda :
feeds-all = Incidents et maintenances
feeds-calendar = Calendrier des maintenances
feeds-webcal = Ouvrir dans l’application d’agenda (webcal)
feeds-component = Incidents d’un composant

## Refusals on the subscribe pages

refuse-kind = Choisissez comment être prévenu : e-mail, webhook, Slack, Discord ou Microsoft Teams.
refuse-no-email = Les abonnements par e-mail ne sont pas proposés ici (cette page n’envoie pas d’e-mails) ; choisissez une URL de webhook ou de messagerie.
refuse-components = Choisissez au moins un composant, ou toute la page.
refuse-component-unknown = Le composant { $id } n’existe pas.
refuse-group-unknown = Le groupe { $id } n’existe pas.
refuse-not-id = « { $value } » n’est pas le numéro d’un composant ou d’un groupe.
refuse-history-link = Ce lien vers l’historique n’est pas valide ; recommencez depuis la première page.
refuse-too-many = Trop de demandes d’abonnement. Réessayez après { $when } ({ $minutes ->
    [one] dans environ { $minutes } minute
   *[other] dans environ { $minutes } minutes
}).
refuse-too-large = La requête dépasse { $mib } Mio, le maximum accepté par cette page : raccourcissez-la et renvoyez-la.
refuse-email = Saisissez une adresse e-mail comme ada@example.com.
refuse-url-missing = Saisissez l’URL à laquelle envoyer les mises à jour.
refuse-url-long = Cette URL est trop longue.
refuse-url = Saisissez une URL complète, comme https://example.com/hook.
refuse-url-scheme = L’URL doit commencer par https:// ou http://.
refuse-url-self = Cette URL pointe vers cette page d’état elle-même.
refuse-url-host = L’hôte { $host } est introuvable.
refuse-url-private = Cette URL mène à une adresse privée ou locale ; seules des adresses publiques peuvent être abonnées.

## After subscribing

inbox-heading = Consultez votre boîte de réception
inbox-sent = Nous avons envoyé un message à { $address } avec un lien pour confirmer votre abonnement (ou, s’il est déjà confirmé, un lien pour le gérer).
inbox-nothing-before = Rien n’est envoyé avant votre confirmation. Le lien de confirmation est valable 48 heures.
back-to-current = Retour à l’état actuel
hook-subscribed = Abonnement enregistré
hook-already = Déjà abonné
hook-already-text = Cet abonnement ({ $kind }) vers { $url } existait déjà ; rien n’a changé. Son secret de signature et son lien de gestion ont été affichés lors de l’abonnement initial. S’ils sont perdus, adressez-vous aux responsables de la page.
hook-posted = Les mises à jour de cette page seront envoyées par { $kind } à { $url }.
secret-heading = Secret de signature
secret-copy = Copiez-le maintenant : il ne sera affiché qu’une seule fois.
secret-how = Chaque envoi est signé comme le décrit { $standard } : vérifiez les en-têtes { $id }, { $timestamp } et { $signature } avec ce secret (les bibliothèques Standard Webhooks le font en un seul appel), et refusez tout envoi dont la signature ne correspond pas ou dont l’horodatage est ancien.
manage-keep = Conservez ce lien pour modifier les composants ou vous désabonner :
confirmed-heading = Abonnement confirmé
confirmed-text = Vous recevrez un e-mail chaque fois qu’un incident ou une maintenance est publié ou mis à jour.
confirmed-manage = Choisir les composants ou se désabonner
manage-heading = Votre abonnement
manage-target = { $kind } : { $target }
manage-saved = Enregistré.
manage-unconfirmed = Pas encore confirmé : suivez d’abord le lien de l’e-mail de confirmation.
manage-save = Enregistrer
manage-stop = Arrêter toutes les mises à jour vers cette adresse :
unsubscribe = Se désabonner
unsubscribe-question = Arrêter toutes les mises à jour envoyées par { $kind } à { $target } ?
unsubscribed = Désabonné
unsubscribed-already = Cet abonnement a déjà été supprimé : plus rien ne sera envoyé.
unsubscribed-text = Vous êtes désabonné : plus rien ne sera envoyé.
subscribe-again = Se réabonner
current-status = État actuel

## Feeds and the maintenance calendar

feed-title = { $page } - Historique des incidents
feed-description = Incidents et maintenances de { $page }
feed-component-title = { $page } - { $component } - Historique des incidents
feed-component-description = Incidents ayant affecté { $component } sur { $page }
feed-scheduled = Planifiée du { $from } au { $until }.
calendar-name = { $page } - Maintenances
calendar-over = Cette maintenance est terminée.

## Mail to subscribers

email-subject = [{ $page }] { $what } : { $title }
email-status-change = { $label } (état : { $status })
email-view-incident = Voir cet incident
email-maintenance-update = Mise à jour de la maintenance
email-maintenance-scheduled = Maintenance planifiée
email-maintenance-in-progress = Maintenance en cours
email-maintenance-verifying = Maintenance en cours de vérification
email-maintenance-completed = Maintenance terminée
email-maintenance-status = État : { $status }. Période : du { $from } au { $until }.
email-view-maintenance = Voir cette maintenance
email-confirm-heading = Confirmez votre abonnement
email-confirm-asked = Quelqu’un (vous, espérons-le) a demandé à recevoir à cette adresse les mises à jour de { $page }.
email-confirm-expires = { $hours ->
    [one] Le lien expire dans { $hours } heure.
   *[other] Le lien expire dans { $hours } heures.
} Rien ne sera envoyé à cette adresse tant que vous n’aurez pas cliqué dessus ; si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail.
email-manage-asked = Quelqu’un (vous, espérons-le) a demandé à abonner cette adresse aux mises à jour de { $page }. Elle est déjà abonnée : rien n’a changé.
email-manage-link = Choisir ce que vous recevez ou vous désabonner
email-ignore = Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer cet e-mail.
email-why = Vous recevez cet e-mail, car cette adresse est abonnée aux mises à jour de { $page }.
email-manage = Gérer votre abonnement

## The embeddable widget

widget-more = { $count ->
    [one] et { $count } autre
   *[other] et { $count } autres
}
widget-maintenance = { $count ->
    [one] { $count } maintenance en cours
   *[other] { $count } maintenances en cours
}
