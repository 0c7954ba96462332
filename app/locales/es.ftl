# Beacon's public pages in Spanish. Follows en.ftl, the reference: the same messages, in the
# same order. Staff-written text (incident titles and updates, component names) is shown as
# written and is not here.

language-name = Español

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sept
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic
month-long-1 = enero
month-long-2 = febrero
month-long-3 = marzo
month-long-4 = abril
month-long-5 = mayo
month-long-6 = junio
month-long-7 = julio
month-long-8 = agosto
month-long-9 = septiembre
month-long-10 = octubre
month-long-11 = noviembre
month-long-12 = diciembre
time-full = { $d } { $month } { $year }, { $time } { $zone }
time-short = { $d } { $month }, { $time } { $zone }
date = { $d } { $month } { $year }
month-year = { $monthlong } de { $year }
number-decimal-separator = ,
percent = { $number } %
duration-minutes = { $minutes } min
duration-hours = { $hours } h { $minutes } min
duration-less-than-a-minute = < 1 min
list-separator = ,{ " " }
list-two = { $first } y { $second }
list-more = { $rest } y { $last }

## Statuses

component-status-operational = Operativo
component-status-under_maintenance = En mantenimiento
component-status-degraded_performance = Rendimiento degradado
component-status-partial_outage = Interrupción parcial
component-status-major_outage = Interrupción grave
incident-status-investigating = Investigando
incident-status-identified = Identificado
incident-status-monitoring = En observación
incident-status-resolved = Resuelto
maintenance-status-scheduled = Programado
maintenance-status-in_progress = En curso
maintenance-status-verifying = Verificando
maintenance-status-completed = Completado
impact-none = Sin impacto
impact-minor = Impacto leve
impact-major = Impacto importante
impact-critical = Impacto crítico
overall-operational = Todos los sistemas operativos
overall-maintenance = Servicio en mantenimiento
overall-minor = Interrupción leve del servicio
overall-major = Interrupción parcial del sistema
overall-critical = Interrupción grave del sistema
update-label = Actualización

## Every page's frame

skip-to-content = Saltar al contenido
nav-label = Sitio
nav-status = Estado
nav-history = Historial
nav-subscribe = Suscribirse a las actualizaciones
nav-help = Obtener ayuda
notice-label = Aviso
feed-title-rss = Historial de { $page } (RSS)
feed-title-atom = Historial de { $page } (Atom)
feed-title-json = Historial de { $page } (JSON Feed)
footer-times = Las horas se muestran en { $zone }.
footer-history = Historial de incidentes
footer-subscribe = Suscribirse a las actualizaciones
footer-language = Idioma
footer-powered = Con la tecnología de Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = Mostrar mi hora ({ $zone })
local-time-page = Mostrar la hora de la página ({ $zone })
local-time-yours = { $zone } (tu zona horaria)

## Shared pieces

posted = Publicado el { $time }
maintenance-components = Componentes: { $names }.
back-to-status = ← Estado actual

## The front page

banner-label = Estado general
about-label = Acerca de esta página
active-incidents = Incidentes activos
scheduled-maintenance = Mantenimiento programado
components = Componentes
group-count = { $count ->
    [one] 1 componente
   *[other] { $count } componentes
}
past-incidents = Incidentes anteriores
no-incidents = No se han registrado incidentes.
history-link = Historial de incidentes →
page-description = { $page }: { $status }

## Uptime bars

uptime-row-label = { $name }, últimos 90 días
uptime-total = { $percent } de disponibilidad
uptime-no-data = Aún no hay datos
uptime-words = { $total }, últimos { $days } días
uptime-days-ago = Hace { $days } días
uptime-today = Hoy
day-uptime = { $date }: { $percent } de disponibilidad.
day-no-data = { $date }: sin datos.
day-status-time = { $status } { $duration }
day-incident = Incidente: { $title }.
day-incidents = Incidentes: { $titles }.

## An incident's page

postmortem = Análisis del incidente
sentence = { $text }.
published = Publicado el { $time }
resolved-at = Resuelto el { $time }
started-at = Iniciado el { $time }
updates = Actualizaciones
affected = Este incidente afectó a: { $components }.
affected-group = { $group } ({ $members })
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = Mantenimiento
completed-at = Completado el { $time }
window = Periodo: { $window }
maintenance-description = { $title } — mantenimiento, { $status }

## The history

history-heading = Historial de incidentes
history-heading-of = Historial de { $name }
history-empty-of = No se han registrado incidentes ni mantenimientos de { $name }.
history-description = Incidentes y mantenimientos anteriores de { $page }
history-description-of = Incidentes y mantenimientos anteriores de { $name } en { $page }
history-pages = Páginas del historial
history-newest = ← Más recientes
history-older = Más antiguos →
history-filter-component = Componente
history-filter-all = Todos los componentes
history-filter-show = Mostrar

## A component's page

part-of = Parte de { $group }
no-data = Sin datos
day = Día
uptime = Disponibilidad
month = Mes
days-table-details = Tiempo no operativo, incidentes
no-downtime = Sin tiempo de inactividad ni incidentes en los últimos 90 días.
uptime-last-90 = Disponibilidad, últimos 90 días
days-with-downtime = Días con tiempo de inactividad o incidentes
days-not-listed = Todos los días que no aparecen tuvieron un 100 % de disponibilidad y ningún incidente.
uptime-by-month = Disponibilidad por mes
no-events = Sin incidentes ni mantenimientos.
all-events-of = Todos los incidentes y mantenimientos de { $name } →
latest-events = Últimos incidentes y mantenimientos
follow = Seguir
follow-feeds = Sus incidentes como feed:
badge-alt = Insignia de estado de { $name }
badge-link = Insignia de estado (SVG)
# The left half of the page's badge (/badge.svg).
badge-status = estado

## Error pages

error-not-found = Página no encontrada
error-not-found-text = No hay nada en esta dirección.
error-unavailable = No disponible temporalmente
error-unavailable-text = La página de estado no puede acceder a su base de datos en este momento. Inténtalo de nuevo en unos instantes.
error-internal = Algo salió mal
error-internal-text = No se pudo mostrar la página. Inténtalo de nuevo en unos instantes.
error-forbidden = No permitido
error-rate-limited = Demasiadas solicitudes
error-too-large = Demasiado grande
error-bad-request = Solicitud incorrecta
error-home = Ir al estado actual
link-expired = Este enlace ha caducado
link-expired-text = Los enlaces de confirmación son válidos durante 48 horas. Vuelve a suscribirte en la página de suscripción para recibir uno nuevo.
link-invalid = Este enlace no es válido
link-invalid-text = Puede que esté incompleto (copia el enlace entero del mensaje) o que la suscripción se haya eliminado.

## Subscribing

subscribe-heading = Suscribirse a las actualizaciones
subscribe-intro = Recibe avisos de nuevos incidentes, de sus actualizaciones y de los mantenimientos programados en cuanto se publiquen.
subscribe-how = Medio
subscribe-kind-email = Correo electrónico
subscribe-kind-webhook = Webhook (JSON firmado)
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = Dirección de correo electrónico
subscribe-url = URL del webhook
subscribe-url-hint = Para Slack, Discord o Teams: la URL del webhook entrante del canal. Para un webhook: tu endpoint, que recibe JSON firmado.
subscribe-button = Suscribirse
subscribe-title = Suscribirse
subscribe-description = Suscríbete a las actualizaciones de { $page }
chooser-legend = Avisarme de
chooser-all = Toda la página
chooser-some = Solo los componentes que elija:
chooser-group-all = (todos: { $count })
chooser-hint = Al marcar un grupo se incluyen todos sus componentes.
feeds-heading = Feeds y calendario
feeds-intro = También puedes seguir la página en un lector de feeds, o sus mantenimientos en un calendario:
feeds-all = Incidentes y mantenimientos
feeds-calendar = Calendario de mantenimientos
feeds-webcal = Abrir en la aplicación de calendario (webcal)
feeds-component = Incidentes de un componente

## Refusals on the subscribe pages

refuse-kind = Elige cómo quieres recibir los avisos: correo electrónico, webhook, Slack, Discord o Microsoft Teams.
refuse-no-email = Aquí no se ofrecen suscripciones por correo electrónico (esta página no envía correos); elige una URL de webhook o de chat.
refuse-components = Elige al menos un componente, o toda la página.
refuse-component-unknown = El componente { $id } no existe.
refuse-group-unknown = El grupo { $id } no existe.
refuse-not-id = «{ $value }» no es el número de un componente ni de un grupo.
refuse-history-link = Este enlace del historial no es válido; vuelve a empezar desde la primera página.
refuse-too-many = Demasiadas solicitudes de suscripción. Vuelve a intentarlo después de { $when } ({ $minutes ->
    [one] en aproximadamente un minuto
   *[other] en aproximadamente { $minutes } minutos
}).
refuse-too-large = La solicitud supera los { $mib } MiB, el máximo que acepta esta página: acórtala y vuelve a enviarla.
refuse-email = Introduce una dirección de correo electrónico como ada@example.com.
refuse-url-missing = Introduce la URL a la que enviar las actualizaciones.
refuse-url-long = Esta URL es demasiado larga.
refuse-url = Introduce una URL completa, como https://example.com/hook.
refuse-url-scheme = La URL debe empezar por https:// o http://.
refuse-url-self = Esta URL apunta a esta misma página de estado.
refuse-url-host = No se encuentra el host { $host }.
refuse-url-private = Esta URL lleva a una dirección privada o local; solo se pueden suscribir direcciones públicas.

## After subscribing

inbox-heading = Revisa tu bandeja de entrada
inbox-sent = Hemos enviado un mensaje a { $address } con un enlace para confirmar tu suscripción (o, si ya está confirmada, un enlace para gestionarla).
inbox-nothing-before = No se envía nada hasta que confirmes. El enlace de confirmación es válido durante 48 horas.
back-to-current = Volver al estado actual
hook-subscribed = Suscripción creada
hook-already = Ya estaba suscrito
hook-already-text = La suscripción por { $kind } a { $url } ya existía; no ha cambiado nada. Su secreto de firma y su enlace de gestión se mostraron cuando se creó. Si los has perdido, pídeselos a los responsables de la página.
hook-posted = Las actualizaciones de esta página se enviarán por { $kind } a { $url }.
secret-heading = Secreto de firma
secret-copy = Cópialo ahora: solo se muestra esta vez.
secret-how = Cada envío se firma como describe { $standard }: comprueba las cabeceras { $id }, { $timestamp } y { $signature } con este secreto (las bibliotecas de Standard Webhooks lo hacen en una sola llamada) y rechaza los envíos cuya firma no coincida o cuya marca de tiempo sea antigua.
manage-keep = Guarda este enlace para cambiar los componentes o cancelar la suscripción:
confirmed-heading = Suscripción confirmada
confirmed-text = Recibirás un correo electrónico cuando se publique o actualice un incidente o un mantenimiento.
confirmed-manage = Elegir componentes o cancelar la suscripción
manage-heading = Tu suscripción
manage-target = { $kind }: { $target }
manage-saved = Guardado.
manage-unconfirmed = Aún no está confirmada: primero sigue el enlace del correo de confirmación.
manage-save = Guardar
manage-stop = Dejar de enviar actualizaciones a esta dirección:
unsubscribe = Cancelar suscripción
unsubscribe-question = ¿Dejar de enviar actualizaciones a { $target } ({ $kind })?
unsubscribed = Suscripción cancelada
unsubscribed-already = Esta suscripción ya se había eliminado: no se enviará nada más.
unsubscribed-text = Has cancelado la suscripción: no se enviará nada más.
subscribe-again = Volver a suscribirse
current-status = Estado actual

## Feeds and the maintenance calendar

feed-title = { $page } - Historial de incidentes
feed-description = Incidentes y mantenimientos de { $page }
feed-component-title = { $page } - { $component } - Historial de incidentes
feed-component-description = Incidentes que afectaron a { $component } en { $page }
feed-scheduled = Programado desde el { $from } hasta el { $until }.
calendar-name = { $page } - Mantenimiento
calendar-over = Este mantenimiento ha finalizado.

## Mail to subscribers

email-subject = [{ $page }] { $what }: { $title }
email-status-change = { $label } (estado: { $status })
email-view-incident = Ver este incidente
email-maintenance-update = Actualización del mantenimiento
email-maintenance-scheduled = Mantenimiento programado
email-maintenance-in-progress = Mantenimiento en curso
email-maintenance-verifying = Mantenimiento en verificación
email-maintenance-completed = Mantenimiento completado
email-maintenance-status = Estado: { $status }. Periodo: desde el { $from } hasta el { $until }.
email-view-maintenance = Ver este mantenimiento
email-confirm-heading = Confirma tu suscripción
email-confirm-asked = Alguien, esperamos que tú, ha pedido recibir en esta dirección las actualizaciones de estado de { $page }.
email-confirm-expires = { $hours ->
    [one] El enlace caduca en { $hours } hora.
   *[other] El enlace caduca en { $hours } horas.
} No se enviará nada a esta dirección hasta que hagas clic en él; si no lo has pedido tú, ignora este correo.
email-manage-asked = Alguien, esperamos que tú, ha pedido suscribir esta dirección a las actualizaciones de estado de { $page }. Ya estaba suscrita, así que no ha cambiado nada.
email-manage-link = Elegir qué recibir o cancelar la suscripción
email-ignore = Si no lo has pedido tú, puedes ignorar este correo.
email-why = Recibes este correo porque esta dirección está suscrita a las actualizaciones de estado de { $page }.
email-manage = Gestionar tu suscripción

## The embeddable widget

widget-more = y { $count } más
widget-maintenance = { $count ->
    [one] 1 mantenimiento en curso
   *[other] { $count } mantenimientos en curso
}
