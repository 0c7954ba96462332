# Beacon's public pages in Modern Standard Arabic (صفحات Beacon العامة بالعربية الفصحى).
# Follows en.ftl: exactly the same messages, in the same order. The pages are shown right to
# left, so arrows point the reading direction: "back" points right (→), "forward" left (←).

language-name = العربية

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = يناير
month-short-2 = فبراير
month-short-3 = مارس
month-short-4 = أبريل
month-short-5 = مايو
month-short-6 = يونيو
month-short-7 = يوليو
month-short-8 = أغسطس
month-short-9 = سبتمبر
month-short-10 = أكتوبر
month-short-11 = نوفمبر
month-short-12 = ديسمبر
month-long-1 = يناير
month-long-2 = فبراير
month-long-3 = مارس
month-long-4 = أبريل
month-long-5 = مايو
month-long-6 = يونيو
month-long-7 = يوليو
month-long-8 = أغسطس
month-long-9 = سبتمبر
month-long-10 = أكتوبر
month-long-11 = نوفمبر
month-long-12 = ديسمبر
time-full = { $d } { $month } { $year }، { $time } { $zone }
time-short = { $d } { $month }، { $time } { $zone }
date = { $d } { $month } { $year }
month-year = { $monthlong } { $year }
number-decimal-separator = .
# A left-to-right mark on each side keeps the number and its sign together in right-to-left text.
percent = { "\u200E" }{ $number }%{ "\u200E" }
duration-minutes = { $minutes } د
duration-hours = { $hours } س { $minutes } د
duration-less-than-a-minute = أقل من دقيقة
list-separator = ،{ " " }
list-two = { $first } و{ $second }
list-more = { $rest } و{ $last }

## Statuses

component-status-operational = يعمل بشكل طبيعي
component-status-under_maintenance = قيد الصيانة
component-status-degraded_performance = أداء منخفض
component-status-partial_outage = انقطاع جزئي
component-status-major_outage = انقطاع كبير
incident-status-investigating = قيد التحقيق
incident-status-identified = تم تحديد السبب
incident-status-monitoring = قيد المراقبة
incident-status-resolved = تم الحل
maintenance-status-scheduled = مجدولة
maintenance-status-in_progress = قيد التنفيذ
maintenance-status-verifying = قيد التحقق
maintenance-status-completed = مكتملة
impact-none = بلا تأثير
impact-minor = تأثير طفيف
impact-major = تأثير كبير
impact-critical = تأثير حرج
overall-operational = جميع الأنظمة تعمل بشكل طبيعي
overall-maintenance = الخدمة قيد الصيانة
overall-minor = انقطاع طفيف في الخدمة
overall-major = انقطاع جزئي في الأنظمة
overall-critical = انقطاع كبير في الأنظمة
update-label = تحديث

## Every page's frame

skip-to-content = انتقل إلى المحتوى
nav-label = الموقع
nav-status = الحالة
nav-history = السجل
nav-subscribe = اشترك في التحديثات
nav-help = طلب المساعدة
notice-label = إشعار
feed-title-rss = سجل { $page } (RSS)
feed-title-atom = سجل { $page } (Atom)
feed-title-json = سجل { $page } (JSON Feed)
footer-times = تُعرض الأوقات بتوقيت { $zone }.
footer-history = سجل الحوادث
footer-subscribe = اشترك في التحديثات
footer-language = اللغة
footer-powered = مدعوم من Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = اعرض بتوقيتي ({ $zone })
local-time-page = اعرض بتوقيت الصفحة ({ $zone })
local-time-yours = { $zone } (منطقتك الزمنية)

## Shared pieces

posted = نُشر في { $time }
maintenance-components = المكونات: { $names }.
back-to-status = → الحالة الحالية

## The front page

banner-label = الحالة العامة
about-label = حول هذه الصفحة
active-incidents = الحوادث الجارية
scheduled-maintenance = الصيانة المجدولة
components = المكونات
group-count = { $count ->
    [zero] لا مكونات
    [one] مكوّن واحد
    [two] مكوّنان
    [few] { $count } مكونات
    [many] { $count } مكوّنًا
   *[other] { $count } مكوّن
}
past-incidents = الحوادث السابقة
no-incidents = لم يُبلَّغ عن أي حوادث.
history-link = سجل الحوادث ←
page-description = { $page }: { $status }

## Uptime bars

uptime-row-label = { $name }، آخر 90 يومًا
uptime-total = نسبة التشغيل { $percent }
uptime-no-data = لا توجد بيانات بعد
uptime-words = { $total }، { $days ->
    [one] آخر يوم
    [two] آخر يومين
    [few] آخر { $days } أيام
    [many] آخر { $days } يومًا
   *[other] آخر { $days } يوم
}
uptime-days-ago = { $days ->
    [one] منذ يوم
    [two] منذ يومين
    [few] منذ { $days } أيام
    [many] منذ { $days } يومًا
   *[other] منذ { $days } يوم
}
uptime-today = اليوم
day-uptime = { $date }: نسبة التشغيل { $percent }.
day-no-data = { $date }: لا توجد بيانات.
day-status-time = { $status } لمدة { $duration }
day-incident = حادثة: { $title }.
day-incidents = حوادث: { $titles }.

## An incident's page

postmortem = تقرير ما بعد الحادثة
sentence = { $text }.
published = نُشر في { $time }
resolved-at = تم الحل في { $time }
started-at = بدأت في { $time }
updates = التحديثات
affected = أثّرت هذه الحادثة على: { $components }.
affected-group = { $group } ({ $members })
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = صيانة
completed-at = اكتملت في { $time }
window = الفترة: { $window }
maintenance-description = { $title } — صيانة، { $status }

## The history

history-heading = سجل الحوادث
history-heading-of = سجل { $name }
history-empty-of = لم يُبلَّغ عن أي حوادث أو أعمال صيانة تخص { $name }.
history-description = الحوادث وأعمال الصيانة السابقة في { $page }
history-description-of = الحوادث وأعمال الصيانة السابقة التي تخص { $name } في { $page }
history-pages = صفحات السجل
history-newest = → الأحدث
history-older = الأقدم ←
history-filter-component = المكوّن
history-filter-all = جميع المكونات
history-filter-show = عرض

## A component's page

part-of = جزء من { $group }
no-data = لا توجد بيانات
day = اليوم
uptime = نسبة التشغيل
month = الشهر
days-table-details = مدة التعطل، والحوادث
no-downtime = لا توقف ولا حوادث في آخر 90 يومًا.
uptime-last-90 = نسبة التشغيل، آخر 90 يومًا
days-with-downtime = الأيام التي شهدت توقفًا أو حوادث
days-not-listed = كل يوم غير مدرج هنا كانت نسبة التشغيل فيه 100% ولم تقع فيه أي حادثة.
uptime-by-month = نسبة التشغيل حسب الشهر
no-events = لا حوادث ولا أعمال صيانة.
all-events-of = جميع الحوادث وأعمال الصيانة التي تخص { $name } ←
latest-events = أحدث الحوادث وأعمال الصيانة
follow = المتابعة
follow-feeds = حوادثه عبر موجز:
badge-alt = شارة حالة { $name }
badge-link = شارة الحالة (SVG)
# The left half of the page's badge (/badge.svg).
badge-status = الحالة

## Error pages

error-not-found = الصفحة غير موجودة
error-not-found-text = لا يوجد شيء على هذا العنوان.
error-unavailable = غير متاحة مؤقتًا
error-unavailable-text = تتعذّر على صفحة الحالة حاليًا الوصول إلى قاعدة بياناتها. يُرجى المحاولة مرة أخرى بعد قليل.
error-internal = حدث خطأ ما
error-internal-text = تعذّر عرض الصفحة. يُرجى المحاولة مرة أخرى بعد قليل.
error-forbidden = غير مسموح
error-rate-limited = طلبات كثيرة جدًا
error-too-large = الحجم كبير جدًا
error-bad-request = طلب غير صالح
error-home = الانتقال إلى الحالة الحالية
link-expired = انتهت صلاحية هذا الرابط
link-expired-text = تعمل روابط التأكيد لمدة 48 ساعة. اشترك مرة أخرى من صفحة الاشتراك للحصول على رابط جديد.
link-invalid = هذا الرابط غير صالح
link-invalid-text = ربما يكون ناقصًا (انسخ الرابط كاملًا من الرسالة)، أو أُزيل الاشتراك.

## Subscribing

subscribe-heading = اشترك في التحديثات
subscribe-intro = تلقَّ إشعارًا بالحوادث الجديدة وتحديثاتها وبأعمال الصيانة المجدولة فور نشرها.
subscribe-how = الطريقة
subscribe-kind-email = البريد الإلكتروني
subscribe-kind-webhook = Webhook (JSON موقّع)
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = عنوان البريد الإلكتروني
subscribe-url = رابط Webhook
subscribe-url-hint = مع Slack أو Discord أو Teams: رابط Webhook الوارد (incoming webhook) الخاص بالقناة. ومع Webhook: عنوان نقطة النهاية لديك، التي تستقبل JSON موقّعًا.
subscribe-button = اشترك
subscribe-title = الاشتراك
subscribe-description = اشترك في تحديثات { $page }
chooser-legend = أبلغني عن
chooser-all = الصفحة كلها
chooser-some = المكونات التي أختارها فقط:
chooser-group-all = (الكل: { $count })
chooser-hint = تحديد مجموعة يشمل جميع مكوناتها.
feeds-heading = الموجزات والتقويم
feeds-intro = أو تابع الصفحة في قارئ موجزات، أو تابع أعمال صيانتها في تقويم:
feeds-all = الحوادث والصيانة
feeds-calendar = تقويم الصيانة
feeds-webcal = افتح في تطبيق التقويم (webcal)
feeds-component = حوادث مكوّن واحد

## Refusals on the subscribe pages

refuse-kind = اختر طريقة إبلاغك: البريد الإلكتروني أو Webhook أو Slack أو Discord أو Microsoft Teams.
refuse-no-email = الاشتراك عبر البريد الإلكتروني غير متاح هنا (هذه الصفحة لا ترسل أي بريد)؛ اختر رابط Webhook أو رابط دردشة.
refuse-components = اختر مكوّنًا واحدًا على الأقل، أو الصفحة كلها.
refuse-component-unknown = المكوّن { $id } غير موجود.
refuse-group-unknown = المجموعة { $id } غير موجودة.
refuse-not-id = «{ $value }» ليس رقم مكوّن أو مجموعة.
refuse-history-link = رابط السجل هذا غير صالح؛ ابدأ من جديد من الصفحة الأولى.
refuse-too-many = طلبات اشتراك كثيرة جدًا. حاول مرة أخرى بعد { $when } ({ $minutes ->
    [one] بعد نحو دقيقة واحدة
    [two] بعد نحو دقيقتين
    [few] بعد نحو { $minutes } دقائق
   *[other] بعد نحو { $minutes } دقيقة
}).
refuse-too-large = الطلب أكبر من { $mib } ميغابايت، وهو الحد الأقصى الذي تقبله هذه الصفحة: اختصره وأرسله مرة أخرى.
refuse-email = أدخل عنوان بريد إلكتروني مثل ada@example.com.
refuse-url-missing = أدخل الرابط الذي تُرسَل إليه التحديثات.
refuse-url-long = هذا الرابط طويل جدًا.
refuse-url = أدخل رابطًا كاملًا مثل https://example.com/hook.
refuse-url-scheme = يجب أن يبدأ الرابط بـ https:// أو http://.
refuse-url-self = يشير هذا الرابط إلى صفحة الحالة هذه نفسها.
refuse-url-host = تعذّر العثور على المضيف { $host }.
refuse-url-private = يصل هذا الرابط إلى عنوان خاص أو محلي؛ لا يمكن الاشتراك إلا بعناوين عامة.

## After subscribing

inbox-heading = تحقّق من بريدك الوارد
inbox-sent = أرسلنا رسالة إلى { $address } فيها رابط لتأكيد اشتراكك (أو رابط لإدارته إن كان مؤكَّدًا من قبل).
inbox-nothing-before = لن يُرسَل أي شيء قبل أن تؤكد. يظل رابط التأكيد صالحًا لمدة 48 ساعة.
back-to-current = العودة إلى الحالة الحالية
hook-subscribed = تم الاشتراك
hook-already = مشترك بالفعل
hook-already-text = الاشتراك عبر { $kind } إلى { $url } موجود بالفعل، ولم يتغير شيء. عُرض سر التوقيع ورابط الإدارة الخاصان به عند الاشتراك أول مرة. إن فُقدا، فاطلب المساعدة من فريق الصفحة.
hook-posted = ستُنشر تحديثات هذه الصفحة عبر { $kind } إلى { $url }.
secret-heading = سر التوقيع
secret-copy = انسخه الآن: لن يُعرض إلا هذه المرة فقط.
secret-how = كل عملية تسليم موقّعة كما يصف { $standard }: تحقّق من الترويسات { $id } و{ $timestamp } و{ $signature } باستخدام هذا السر (تقوم مكتبات Standard Webhooks بذلك في استدعاء واحد)، وارفض أي تسليم لا يتطابق توقيعه أو يكون طابعه الزمني قديمًا.
manage-keep = احتفظ بهذا الرابط لتغيير المكونات أو إلغاء الاشتراك:
confirmed-heading = تم تأكيد الاشتراك
confirmed-text = ستصلك رسالة بريد إلكتروني عند نشر حادثة أو صيانة أو تحديثها.
confirmed-manage = اختر المكونات أو ألغِ الاشتراك
manage-heading = اشتراكك
manage-target = { $kind }: { $target }
manage-saved = تم الحفظ.
manage-unconfirmed = لم يُؤكَّد بعد: اتبع الرابط في رسالة التأكيد أولًا.
manage-save = حفظ
manage-stop = إيقاف جميع التحديثات إلى هذا العنوان:
unsubscribe = إلغاء الاشتراك
unsubscribe-question = إيقاف جميع التحديثات إلى { $kind } { $target }؟
unsubscribed = تم إلغاء الاشتراك
unsubscribed-already = أُزيل هذا الاشتراك من قبل: لن يُرسَل أي شيء بعد الآن.
unsubscribed-text = تم إلغاء اشتراكك: لن يُرسَل إليك أي شيء بعد الآن.
subscribe-again = اشترك مجددًا
current-status = الحالة الحالية

## Feeds and the maintenance calendar

feed-title = { $page } - سجل الحوادث
feed-description = الحوادث وأعمال الصيانة في { $page }
feed-component-title = { $page } - { $component } - سجل الحوادث
feed-component-description = الحوادث التي أثّرت على { $component } في { $page }
feed-scheduled = مجدولة من { $from } حتى { $until }.
calendar-name = { $page } - الصيانة
calendar-over = انتهت هذه الصيانة.

## Mail to subscribers

email-subject = [{ $page }] { $what }: { $title }
email-status-change = { $label } (الحالة: { $status })
email-view-incident = عرض هذه الحادثة
email-maintenance-update = تحديث بشأن الصيانة
email-maintenance-scheduled = صيانة مجدولة
email-maintenance-in-progress = صيانة قيد التنفيذ
email-maintenance-verifying = صيانة قيد التحقق
email-maintenance-completed = اكتملت الصيانة
email-maintenance-status = الحالة: { $status }. الفترة: من { $from } حتى { $until }.
email-view-maintenance = عرض هذه الصيانة
email-confirm-heading = أكّد اشتراكك
email-confirm-asked = طلب أحدهم، ونأمل أن تكون أنت، تلقّي تحديثات الحالة من { $page } على هذا العنوان.
email-confirm-expires = { $hours ->
    [one] تنتهي صلاحية الرابط بعد ساعة واحدة.
    [two] تنتهي صلاحية الرابط بعد ساعتين.
    [few] تنتهي صلاحية الرابط بعد { $hours } ساعات.
    [many] تنتهي صلاحية الرابط بعد { $hours } ساعة.
   *[other] تنتهي صلاحية الرابط بعد { $hours } ساعة.
} لن يُرسَل أي شيء إلى هذا العنوان قبل النقر على الرابط؛ وإن لم تطلب ذلك، فتجاهل هذه الرسالة.
email-manage-asked = طلب أحدهم، ونأمل أن تكون أنت، اشتراك هذا العنوان في تحديثات الحالة من { $page }. هذا العنوان مشترك بالفعل، لذا لم يتغير شيء.
email-manage-link = اختر ما يصلك أو ألغِ الاشتراك
email-ignore = إن لم تطلب ذلك، فيمكنك تجاهل هذه الرسالة.
email-why = تصلك هذه الرسالة لأن هذا العنوان مشترك في تحديثات الحالة من { $page }.
email-manage = إدارة اشتراكك

## The embeddable widget

widget-more = { $count ->
    [one] وحادثة أخرى
    [two] وحادثتان أخريان
    [few] و{ $count } حوادث أخرى
    [many] و{ $count } حادثة أخرى
   *[other] و{ $count } حادثة أخرى
}
widget-maintenance = { $count ->
    [zero] لا صيانة جارية
    [one] صيانة واحدة جارية
    [two] عمليتا صيانة جاريتان
    [few] { $count } عمليات صيانة جارية
    [many] { $count } عملية صيانة جارية
   *[other] { $count } عملية صيانة جارية
}
