# Beacon's public pages in Japanese. Follows en.ftl, the reference: the same messages, in the
# same order. Staff-written text (incident titles and updates, component names) is shown as
# written and is not here.

language-name = 日本語

## Dates, numbers, lists. Date messages may use: $month (short name), $monthlong, $m (month
## number), $day (two digits), $d (day number), $year, $time (24-hour HH:MM), $zone.

month-short-1 = 1月
month-short-2 = 2月
month-short-3 = 3月
month-short-4 = 4月
month-short-5 = 5月
month-short-6 = 6月
month-short-7 = 7月
month-short-8 = 8月
month-short-9 = 9月
month-short-10 = 10月
month-short-11 = 11月
month-short-12 = 12月
month-long-1 = 1月
month-long-2 = 2月
month-long-3 = 3月
month-long-4 = 4月
month-long-5 = 5月
month-long-6 = 6月
month-long-7 = 7月
month-long-8 = 8月
month-long-9 = 9月
month-long-10 = 10月
month-long-11 = 11月
month-long-12 = 12月
time-full = { $year }年{ $m }月{ $d }日 { $time } { $zone }
time-short = { $m }月{ $d }日 { $time } { $zone }
date = { $year }年{ $m }月{ $d }日
month-year = { $year }年{ $m }月
number-decimal-separator = .
percent = { $number }%
duration-minutes = { $minutes }分
duration-hours = { $hours }時間{ $minutes }分
duration-less-than-a-minute = 1分未満
list-separator = 、
list-two = { $first }、{ $second }
list-more = { $rest }、{ $last }

## Statuses

component-status-operational = 正常
component-status-under_maintenance = メンテナンス中
component-status-degraded_performance = パフォーマンス低下
component-status-partial_outage = 一部停止
component-status-major_outage = 重大な停止
incident-status-investigating = 調査中
incident-status-identified = 原因特定
incident-status-monitoring = 監視中
incident-status-resolved = 解決済み
maintenance-status-scheduled = 予定
maintenance-status-in_progress = 実施中
maintenance-status-verifying = 検証中
maintenance-status-completed = 完了
impact-none = 影響なし
impact-minor = 軽微な影響
impact-major = 大きな影響
impact-critical = 重大な影響
overall-operational = すべてのシステムが正常に稼働しています
overall-maintenance = サービスはメンテナンス中です
overall-minor = サービスで軽微な障害が発生しています
overall-major = システムの一部が停止しています
overall-critical = システムで重大な停止が発生しています
update-label = 更新

## Every page's frame

skip-to-content = 本文へスキップ
nav-label = サイト
nav-status = ステータス
nav-history = 履歴
nav-subscribe = 更新情報を購読
nav-help = ヘルプ
notice-label = お知らせ
feed-title-rss = { $page }の履歴（RSS）
feed-title-atom = { $page }の履歴（Atom）
feed-title-json = { $page }の履歴（JSON Feed）
footer-times = 時刻は{ $zone }で表示しています。
footer-history = インシデント履歴
footer-subscribe = 更新情報を購読
footer-language = 言語
footer-powered = Powered by Beacon
# The live script's switch to the visitor's own time zone.
local-time-show = 自分の時刻で表示（{ $zone }）
local-time-page = ページの時刻で表示（{ $zone }）
local-time-yours = { $zone }（お使いのタイムゾーン）

## Shared pieces

posted = { $time }に投稿
maintenance-components = 対象コンポーネント：{ $names }。
back-to-status = ← 現在のステータス

## The front page

banner-label = 全体のステータス
about-label = このページについて
active-incidents = 発生中のインシデント
scheduled-maintenance = 予定されているメンテナンス
components = コンポーネント
group-count = { $count ->
   *[other] { $count }個のコンポーネント
}
past-incidents = 過去のインシデント
no-incidents = 報告されたインシデントはありません。
history-link = インシデント履歴 →
page-description = { $page }：{ $status }

## Uptime bars

uptime-row-label = { $name }、過去90日間
uptime-total = 稼働率 { $percent }
uptime-no-data = データはまだありません
uptime-words = { $total }（過去{ $days }日間）
uptime-days-ago = { $days }日前
uptime-today = 今日
day-uptime = { $date }：稼働率 { $percent }。
day-no-data = { $date }：データなし。
day-status-time = { $status } { $duration }
day-incident = インシデント：{ $title }。
day-incidents = インシデント：{ $titles }。

## An incident's page

postmortem = 事後分析
sentence = { $text }。
published = { $time }に公開
resolved-at = { $time }に解決
started-at = { $time }に発生
updates = 更新情報
affected = このインシデントの影響範囲：{ $components }。
affected-group = { $group }（{ $members }）
incident-description = { $title } — { $status }

## A maintenance window's page

maintenance = メンテナンス
completed-at = { $time }に完了
window = 実施期間：{ $window }
maintenance-description = { $title } — メンテナンス（{ $status }）

## The history

history-heading = インシデント履歴
history-heading-of = { $name }の履歴
history-empty-of = { $name }について報告されたインシデントやメンテナンスはありません。
history-description = { $page }の過去のインシデントとメンテナンス
history-description-of = { $page }における{ $name }の過去のインシデントとメンテナンス
history-pages = 履歴のページ
history-newest = ← 最新
history-older = 古い記録 →
history-filter-component = コンポーネント
history-filter-all = すべてのコンポーネント
history-filter-show = 表示

## A component's page

part-of = 所属：{ $group }
no-data = データなし
day = 日付
uptime = 稼働率
month = 月
days-table-details = 正常でなかった時間、インシデント
no-downtime = 過去90日間、ダウンタイムやインシデントはありません。
uptime-last-90 = 稼働率（過去90日間）
days-with-downtime = ダウンタイムまたはインシデントのあった日
days-not-listed = 記載のない日はすべて稼働率100%で、インシデントはありませんでした。
uptime-by-month = 月別の稼働率
no-events = インシデントやメンテナンスはありません。
all-events-of = { $name }のすべてのインシデントとメンテナンス →
latest-events = 最近のインシデントとメンテナンス
follow = フォロー
follow-feeds = インシデントをフィードで受け取る：
badge-alt = { $name }のステータスバッジ
badge-link = ステータスバッジ（SVG）
# The left half of the page's badge (/badge.svg).
badge-status = ステータス

## Error pages

error-not-found = ページが見つかりません
error-not-found-text = このアドレスには何もありません。
error-unavailable = 一時的に利用できません
error-unavailable-text = ステータスページが現在データベースに接続できません。しばらくしてからもう一度お試しください。
error-internal = エラーが発生しました
error-internal-text = ページを表示できませんでした。しばらくしてからもう一度お試しください。
error-forbidden = 許可されていません
error-rate-limited = リクエストが多すぎます
error-too-large = サイズが大きすぎます
error-bad-request = 不正なリクエストです
error-home = 現在のステータスへ
link-expired = このリンクは有効期限が切れています
link-expired-text = 確認リンクの有効期限は48時間です。購読ページでもう一度購読すると、新しいリンクが届きます。
link-invalid = このリンクは無効です
link-invalid-text = リンクが途中で切れている（メッセージからリンク全体をコピーしてください）か、購読が削除された可能性があります。

## Subscribing

subscribe-heading = 更新情報を購読
subscribe-intro = 新しいインシデントとその更新、予定されているメンテナンスを、投稿され次第お知らせします。
subscribe-how = 通知方法
subscribe-kind-email = メール
subscribe-kind-webhook = Webhook（署名付きJSON）
subscribe-kind-slack = Slack
subscribe-kind-discord = Discord
subscribe-kind-teams = Microsoft Teams
subscribe-email = メールアドレス
subscribe-url = Webhook URL
subscribe-url-hint = Slack、Discord、Teamsの場合：チャンネルのIncoming Webhook URL。Webhookの場合：署名付きJSONを受信するエンドポイント。
subscribe-button = 購読する
subscribe-title = 購読
subscribe-description = { $page }の更新情報を購読
chooser-legend = 通知の対象
chooser-all = ページ全体
chooser-some = 選択したコンポーネントのみ：
chooser-group-all = （全{ $count }件）
chooser-hint = グループを選択すると、そのすべてのコンポーネントが含まれます。
feeds-heading = フィードとカレンダー
feeds-intro = フィードリーダーでページをフォローしたり、カレンダーでメンテナンスを確認したりすることもできます：
feeds-all = インシデントとメンテナンス
feeds-calendar = メンテナンスカレンダー
feeds-webcal = カレンダーアプリで開く（webcal）
feeds-component = コンポーネント別のインシデント

## Refusals on the subscribe pages

refuse-kind = 通知方法を選択してください：メール、Webhook、Slack、Discord、Microsoft Teams。
refuse-no-email = ここではメールでの購読は提供していません（このページはメールを送信しません）。Webhook URLまたはチャットのURLを選択してください。
refuse-components = コンポーネントを1つ以上、またはページ全体を選択してください。
refuse-component-unknown = コンポーネント { $id } は存在しません。
refuse-group-unknown = グループ { $id } は存在しません。
refuse-not-id = 「{ $value }」はコンポーネントまたはグループの番号ではありません。
refuse-history-link = この履歴のリンクは無効です。最初のページからやり直してください。
refuse-too-many = 購読のリクエストが多すぎます。{ $when } 以降（約{ $minutes }分後）にもう一度お試しください。
refuse-too-large = リクエストが{ $mib } MiBを超えています（このページが受け付ける上限です）。短くしてもう一度送信してください。
refuse-email = ada@example.com のような形式でメールアドレスを入力してください。
refuse-url-missing = 更新情報の送信先URLを入力してください。
refuse-url-long = このURLは長すぎます。
refuse-url = https://example.com/hook のような完全なURLを入力してください。
refuse-url-scheme = URLは https:// または http:// で始まる必要があります。
refuse-url-self = このURLはこのステータスページ自体を指しています。
refuse-url-host = ホスト { $host } が見つかりません。
refuse-url-private = このURLはプライベートアドレスまたはローカルアドレスに接続します。購読できるのはパブリックアドレスのみです。

## After subscribing

inbox-heading = 受信トレイを確認してください
inbox-sent = { $address } 宛てに、購読を確認するためのリンク（確認済みの場合は管理用のリンク）を記載したメッセージを送信しました。
inbox-nothing-before = 確認が完了するまで、通知は送信されません。確認リンクの有効期限は48時間です。
back-to-current = 現在のステータスに戻る
hook-subscribed = 購読しました
hook-already = 購読済みです
hook-already-text = { $url } への{ $kind }はすでに購読済みのため、変更はありません。署名シークレットと管理用リンクは最初の購読時に表示されています。紛失した場合は、このページの管理者にお問い合わせください。
hook-posted = このページの更新情報は、{ $kind }で { $url } に送信されます。
secret-heading = 署名シークレット
secret-copy = 今すぐコピーしてください。表示されるのはこの一度だけです。
secret-how = すべての配信は{ $standard }の仕様に従って署名されます。このシークレットを使って { $id }、{ $timestamp }、{ $signature } ヘッダーを検証し（Standard Webhooksのライブラリなら1回の呼び出しで行えます）、署名が一致しない配信やタイムスタンプが古い配信は拒否してください。
manage-keep = コンポーネントの変更や購読の解除を行うには、このリンクを保存してください：
confirmed-heading = 購読を確認しました
confirmed-text = インシデントやメンテナンスが投稿・更新されると、メールでお知らせします。
confirmed-manage = コンポーネントの選択・購読の解除
manage-heading = 購読の管理
manage-target = { $kind }：{ $target }
manage-saved = 保存しました。
manage-unconfirmed = まだ確認されていません。まず確認メールのリンクを開いてください。
manage-save = 保存
manage-stop = このアドレスへのすべての通知を停止：
unsubscribe = 購読を解除
unsubscribe-question = { $target }（{ $kind }）へのすべての通知を停止しますか？
unsubscribed = 購読を解除しました
unsubscribed-already = この購読はすでに解除されています。今後は何も送信されません。
unsubscribed-text = 購読を解除しました。今後は何も送信されません。
subscribe-again = もう一度購読する
current-status = 現在のステータス

## Feeds and the maintenance calendar

feed-title = { $page } - インシデント履歴
feed-description = { $page }のインシデントとメンテナンス
feed-component-title = { $page } - { $component } - インシデント履歴
feed-component-description = { $page }で{ $component }に影響したインシデント
feed-scheduled = { $from }から{ $until }まで予定されています。
calendar-name = { $page } - メンテナンス
calendar-over = このメンテナンスは終了しました。

## Mail to subscribers

email-subject = [{ $page }] { $what }：{ $title }
email-status-change = { $label }（ステータス：{ $status }）
email-view-incident = このインシデントを表示
email-maintenance-update = メンテナンスの更新
email-maintenance-scheduled = メンテナンス予定
email-maintenance-in-progress = メンテナンス実施中
email-maintenance-verifying = メンテナンス検証中
email-maintenance-completed = メンテナンス完了
email-maintenance-status = ステータス：{ $status }。実施期間：{ $from }から{ $until }まで。
email-view-maintenance = このメンテナンスを表示
email-confirm-heading = 購読を確認してください
email-confirm-asked = どなたか（おそらくご本人）が、このアドレスで{ $page }の更新情報を受け取るよう申し込みました。
email-confirm-expires = リンクの有効期限は{ $hours }時間です。リンクがクリックされるまで、このアドレスには何も送信されません。お心当たりがない場合は、このメールを無視してください。
email-manage-asked = どなたか（おそらくご本人）が、このアドレスで{ $page }の更新情報を購読するよう申し込みました。このアドレスはすでに購読済みのため、変更はありません。
email-manage-link = 受け取る通知の選択・購読の解除
email-ignore = お心当たりがない場合は、このメールを無視していただいて構いません。
email-why = このアドレスが{ $page }の更新情報の購読に登録されているため、このメールをお送りしています。
email-manage = 購読の管理

## The embeddable widget

widget-more = ほか{ $count }件
widget-maintenance = { $count ->
   *[other] { $count }件のメンテナンスを実施中
}
