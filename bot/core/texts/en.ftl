## Joining a team

start-how-to-join =
    Hello! This is <b>{ $bot-name }</b>, where team members report their work.
    To join your team, open the invite link or scan the QR code your team leader or commune officer gave you.
    If you have an <b>invite code</b> (10 characters, e.g. K7M2QX9P4B), type it here.
start-bad-code =
    The invite code <code>{ $code }</code> is not valid, or that team is no longer active.
    Please check it and type the invite code (10 characters), or ask your team leader for a new link.
join-ask-code-again = An invite code has 10 letters and digits, e.g. <code>K7M2QX9P4B</code>. Please type it again.
join-welcome =
    Welcome to <b>{ $team }</b> — { $area }.

    <b>Before you join, please read and agree:</b>
    • The bot stores your full name, your phone number (if you share it), your team and the reports you send.
    • Only your team leader, your area's coordinators and the provincial admins can see them.
    • The bot never asks for residents' or your ID numbers, passwords or VNeID OTP codes.
    • You can see or ask to erase your personal data at any time (Personal Data Protection Law 2025).
    • Controller of the personal data: { $data-controller }.
    • Questions about personal data: { $data-contact }
join-consent-yes = ✅ I agree
join-consent-no = I don't agree
join-consent-needed = Tap <b>I agree</b> to continue, or <b>I don't agree</b> to stop. (You can also type 1 or 2.)
join-declined = You have not joined a team. When you are ready, open the invite link again. Nothing about you was stored.
join-ask-name =
    What is your full name?
    Tap the button to use <b>{ $name }</b>, or type your full name (e.g. Nguyễn Thị Lan).
join-ask-name-typed = What is your full name? Type it in full, e.g. <b>Nguyễn Thị Lan</b>.
join-use-name = Use: { $name }
join-name-invalid = A name needs 2 to 80 characters including letters, e.g. <b>Nguyễn Thị Lan</b>. Please type it again.
join-ask-phone =
    Please share your phone number so your team leader and commune officer can reach you (optional).
    Tap <b>📱 Share phone number</b> below, type the number (e.g. 0912 345 678), or tap <b>Skip</b>.
join-share-phone = 📱 Share phone number
join-skip = Skip
join-phone-invalid = That phone number doesn't look right. Tap <b>📱 Share phone number</b>, type a 10-digit mobile number (e.g. 0912 345 678), or tap <b>Skip</b>.
join-phone-not-own = That is not your own number. Tap <b>📱 Share phone number</b> to share yours, or tap <b>Skip</b>.
join-phone-none = (not shared)
join-confirm =
    <b>Please check:</b>
    Team: <b>{ $team }</b>
    Area: { $area }
    Name: <b>{ $name }</b>
    Phone: { $phone }
join-confirm-yes = ✅ Confirm
join-edit-name = ✏️ Edit name
join-edit-phone = 📱 Edit phone
join-cancel = Cancel
join-confirm-needed = Tap <b>Confirm</b> to finish, or choose what to change. (Type 1: Confirm, 2: Edit name, 3: Edit phone, 4: Cancel.)
join-done =
    🎉 Done! <b>{ $name }</b> is now a member of <b>{ $team }</b>.
    Type /help to see what the bot can do.
join-already =
    You are a member of <b>{ $team }</b> — { $area }.
    Type /help to see what the bot can do.
join-switch-ask =
    You are in <b>{ $current }</b>.
    This link belongs to <b>{ $team }</b> — { $area }. Do you want to move to this team?
join-switch-yes = Move to the new team
join-switch-no = Stay in my team
join-switch-kept = You are still in <b>{ $team }</b>. Nothing changed.
join-switch-done = You have moved to <b>{ $team }</b>.
join-switch-needed = Tap <b>Move to the new team</b> or <b>Stay in my team</b>. (You can also type 1 or 2.)
join-not-active = Your account is not active in any team. Open your team's invite link to join again.
admin-welcome =
    Hello <b>{ $name }</b>! You are using the bot as an <b>admin</b>.
    Type /help to see the commands.

## Roles

role-member = member
role-leader = team leader
role-coordinator = coordinator
role-admin = admin

## Commands (menu descriptions: plain text, at most 256 characters)

cmd-start = Start, join a team
cmd-help = What the bot can do
cmd-language = Change language
cmd-cancel = Stop what you are doing

## Help and menus

help-intro = You are a <b>{ $role }</b>{ $team }{ $area }. The bot helps you:
help-team = { " " }of <b>{ $team }</b>
help-line = /{ $command } — { $description }
help-footer = To stop whatever you are doing, type /cancel.
menu-help = ❓ Help
menu-language = 🌐 Language
cancel-done = Stopped. Type /help whenever you need something.
cancel-nothing = Nothing is in progress. Type /help to see what the bot can do.
language-ask = Chọn ngôn ngữ / Choose a language:
# Each language by its own name, the same in every catalog.
language-name-vi = Tiếng Việt
language-name-en = English
language-set = Switched to English.
not-registered = You have not joined a team yet. Open your team's invite link, or type the invite code (10 characters).
not-understood = I didn't understand that. To report, tap <b>📝 Report</b> or type something like <b>vneid 12</b>. Type /help to see what the bot can do.
card-expired = This card has expired. Type /help to start again.

## Whatever a step cannot take

unexpected-input = { $kind ->
    [document] 📎 I can't read files at this step.
    [photo] 🖼 I can't read pictures at this step.
    [sticker] I can't read stickers.
    [location] 📍 No location is needed at this step.
    [voice] 🎤 I can't listen to voice messages; please type instead.
    [audio] 🎵 I can't listen to audio files; please type instead.
    [video] 🎬 I can't watch videos at this step.
    [contact] 👤 No contact card is needed at this step.
   *[other] I can't read this message.
}
list-more = … and { $count } more
expect-buttons = Please choose a button on the card above (or type its number), or type /cancel to stop.
expect-report-choice = Please choose a button on the card above, or type its number. Type /cancel to stop.
expect-number = Please type a number, for example <b>12</b>. Type /cancel to stop.
expect-note = Please type the note in words, or tap <b>No note</b>.
expect-invite-code = Please type your team's invite code (10 letters and digits), or open the invite link your team leader sent.
expect-buttons-zalo = Please answer with an option's number from the list above, or type /cancel to stop.
expect-report-choice-zalo = Please answer with an option's number from the list above. Type /cancel to stop.
expect-note-zalo = Please type the note in words, or type <b>No note</b>.
error-generic = Sorry, something went wrong and this was not finished. Everything you sent before is safe. Please try again in a few minutes.

## Reports

cmd-report = Report an activity
cmd-myreports = See and correct your reports
menu-report = 📝 Report
menu-same = 🔁 Same as yesterday
menu-myreports = 📋 My reports
report-no-team = You are not in a team, so you can't send reports yet. Open your team's invite link to join.
report-team-inactive = Your team is no longer active, so it takes no new reports. Ask your commune officer for your new team's invite link.
date-today = today
date-yesterday = yesterday
date-label = { $date } ({ $relative })
date-button-today = Today
date-button-yesterday = Yesterday
report-choose-category = 📝 Report for <b>{ $date }</b>. What did you do? Choose an activity:
report-other-day = 📅 Another day
report-same-as-yesterday = 🔁 Same as yesterday
report-choose-date = Which day is this report for? The bot takes reports for the last { $days } days.
report-ask-value =
    { $emoji } <b>{ $category }</b> — question { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Type a number from { $min } to { $max } ({ $unit }).
report-ask-value-optional =
    { $emoji } <b>{ $category }</b> — question { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Type a number from { $min } to { $max } ({ $unit }), or tap <b>Skip</b>.
report-skip = Skip
number-empty = I need a number, e.g. <b>12</b>.
number-not_a_number = I need a number written in digits, e.g. <b>12</b>.
number-several = Please type just one number, e.g. <b>12</b>.
number-negative = A count can't be negative. Type a number from 0 up, e.g. <b>12</b>.
number-decimal = A whole number is needed (no fractions), e.g. <b>12</b>.
number-too_big = That is more than the maximum for one day ({ $max }). Please check it.
number-too_small = That is less than the minimum ({ $min }). Please check it.
report-confirm-title = <b>Please check your report</b> — { $date }
report-item = { $emoji } <b>{ $category }</b>
report-value-line = • { $indicator }: <b>{ $value }</b>
report-value-missing = • { $indicator }: —
report-note-line = 📝 Note: { $note }
report-send = ✅ Send
report-add-note = 📝 Note
report-edit = ✏️ Edit
report-cancel = ❌ Cancel
report-saved = ✅ Your report for { $date } is saved. Thank you!
report-updated = ✅ Your report for { $date } is corrected.
report-week-totals = This week ({ $first } – { $last }) you reported:
report-week-line = • { $indicator }: <b>{ $value }</b>
report-add-another = ➕ Add another activity
report-cancelled = Cancelled. This report was not saved.
report-ask-note = Type a note (at most { $max } characters), or tap <b>Skip</b>.
report-note-too-long = The note has { $length } characters; the maximum is { $max }. Please shorten it.
report-note-none = No note
report-choose-field = What do you want to change?
report-field-date = 📅 Date
report-field-note = 📝 Note
report-back = ↩️ Back
report-choose-hint = Choose with the buttons above, or type a number from 1 to { $count }.
report-timed-out = Your last report was paused because you didn't answer for over { $minutes } minutes. The draft is kept.
report-draft-waiting = You have an unsent draft report ({ $date }). Continue it or start again?
report-resume = ▶️ Continue the draft
report-start-over = 🆕 Start again
report-nothing-before = You have no earlier report to repeat. Choose an activity below.
report-same-title = 🔁 Repeating your report of { $date } for today.
report-same-clash = ⚠️ You already sent a report of this activity today:
report-same-clash-line = { $emoji } { $category }: { $values }
report-same-add = ➕ Add to it (keep what was sent)
report-same-replace = ♻️ Replace what was sent
report-same-replacing = ♻️ This replaces { $count } report(s) sent today.
report-retired = { $label } (retired)
quick-title = This is how I understood your report (nothing is saved until you tap Send):
quick-not-understood = ⚠️ Not understood, left out: { $fragments }
quick-problem = ⚠️ { $problem }
quick-given-twice = ⚠️ Several numbers for one item, left out rather than added up: { $fragments }
myreports-title = 📋 Your reports — page { $page }/{ $pages }:
myreports-empty = You have not sent any report yet. Tap 📝 Report to start.
myreports-line = <b>{ $number }.</b> { $date } · { $emoji } { $category }: { $values }
myreports-note = { "   " }📝 { $note }
myreports-locked = { "   " }🔒 Too late to change
myreports-edit = ✏️ Edit { $number }
myreports-delete = 🗑 Delete { $number }
myreports-previous = ◀️ Previous
myreports-next = Next ▶️
myreports-confirm-delete = Delete this report? Its numbers will no longer count in any total.
myreports-delete-yes = 🗑 Delete
myreports-delete-no = Keep it
myreports-deleted = 🗑 Your report for { $date } is deleted.
myreports-kept = The report is kept as it was.
myreports-too-late = This report can no longer be changed or deleted (only until the end of { $until }).
myreports-gone = This report no longer exists.

## Reminders and deadlines

remind-day = ⏰ You have not reported today ({ $date }) yet. It takes a minute — tap <b>Report now</b>.
remind-week = ⏰ You have not sent any report this week. Tap <b>Report now</b> to send what you did.
remind-report-now = 📝 Report now
remind-later = ⏰ Remind me in an hour
remind-away = 🏖 I'm away…
remind-later-set = OK, I'll remind you again at { $time }.
remind-away-ask = Until which day are you away? The bot won't remind you until then.
remind-away-tomorrow = Tomorrow
remind-away-days = { $days } days
remind-away-set = Noted. The bot won't remind you until the end of { $date }. Whenever you have something to report, tap 📝 Report.
deadline-alert =
    📌 Coming up: <b>{ $title }</b>
    Due: <b>{ $due }</b> ({ $left } left).
    You have not reported for it yet.
deadline-left-days = { $count } days
deadline-left-hours = { $count } hours
deadline-escalation =
    ⚠️ Past due: <b>{ $title }</b> ({ $due }).
    { $count } people have not reported:
deadline-missing-line = • { $name } — { $team }
deadline-more = … and { $count } more
deadlines-none = There are no report deadlines for you right now.
deadlines-title = 📌 Your report deadlines:
deadlines-line = { $mark } <b>{ $title }</b> — due { $due }
deadlines-done = ✅
deadlines-pending = ⏳
cmd-deadlines = Upcoming report deadlines

## Summary
summary-title = 📊 <b>{ $area }</b> — { $period }
summary-period-today = today, { $date }
summary-period-yesterday = yesterday, { $date }
summary-period-week = week { $first } – { $last }
summary-period-month = month { $month }
summary-teams = 👥 Teams that reported { $period }: <b>{ $reported }/{ $active }</b> · members: <b>{ $members }/{ $members_active }</b>
summary-members = 👥 Members who reported { $period }: <b>{ $reported }/{ $active }</b>
summary-short-today = today
summary-short-yesterday = yesterday
summary-short-week = this week
summary-no-data = 📈 No figures yet this month.
summary-targets = 🎯 <b>Targets and progress</b>
summary-target-month = Target for { $month }: <b>{ $percent }</b> ({ $done }/{ $target }) { $bar }
summary-target-year = Target for { $year }: <b>{ $percent }</b> ({ $done }/{ $target }) { $bar }
summary-silent = 🔕 <b>No report in the last { $days } days</b> ({ $count }) — worth a call:
summary-silent-line = • { $team } ({ $area }) — { $leader } · last { $date }
summary-silent-never = • { $team } ({ $area }) — { $leader } · never reported
summary-silent-more = … and { $count } more teams
summary-silent-none = ✅ Every team reported in the last { $days } days.
summary-no-leader = no leader on record
summary-chart-footnote = { $area } · figures up to { $date }
summary-chart-empty = No figures yet

## Privacy and roles

cmd-privacy = Your data, erasing it
cmd-promote = Appoint team leaders and coordinators
privacy-show =
    <b>What the bot stores about you</b>
    Name: { $name }
    Phone: { $phone }
    Team: { $team }
    Role: { $role }
    Joined: { $joined }
    Agreed to the terms: { $consent }
    Reports sent: { $reports }
    Who can see it: your team leader, your area's coordinators and the provincial admins. Only coordinators and admins see your phone number.
    Controller of the data: { $data-controller }.
    Questions about personal data: { $data-contact }
privacy-none = (none)
privacy-erase = 🗑 Erase my personal data
privacy-erase-ask = Erase your name, phone number and Telegram account from the bot? Your reports still count in the totals but no longer carry your name. The bot won't message you any more; to join again, open the invite link.
privacy-erase-yes = 🗑 Erase for good
privacy-erase-no = Keep it
privacy-erased = Your personal data is erased. Thank you for your work with the community digital technology team.
privacy-kept = Nothing changed.
not-allowed = You are not allowed to use this.
not-allowed-area = You are not allowed to see this area.
promote-ask = Type the name (or phone number) of the person to appoint:
promote-none = Nobody matches “{ $text }”. Type part of the name or the phone number again.
promote-pick = Choose the person:
promote-role = Choose the role of <b>{ $name }</b> (now: { $role }):
promote-area = Choose the area <b>{ $name }</b> coordinates:
promote-done = <b>{ $name }</b> is now { $role }{ $area }.
promote-area-suffix = { " " }of { $area }

## Export

cmd-export = Export reports to an Excel file
export-not-allowed = Only coordinators and admins can export reports to Excel.
export-leader-hint = Only coordinators and admins can export reports to Excel. Team leaders see their team's results with /summary.
export-no-areas = There are no areas yet. Import the roster of teams first (python -m bot roster import).
export-choose-period = 📊 <b>Excel export</b>. Which period do you need?
export-period-this-month = This month
export-period-last-month = Last month
export-period-this-week = This week
export-period-last-7-days = Last 7 days
export-period-this-year = This year
export-choose-area = 📊 Reports from { $first } to { $last }. Choose the area:
export-area-whole = 📍 { $area } (all of it)
export-page-previous = ◀️ Previous page
export-page-next = Next page ▶️
export-working = ⏳ Making the Excel file for <b>{ $area }</b>, { $first }–{ $last }…
export-caption = 📊 Reports of { $area }, { $first }–{ $last }: { $rows } rows
export-too-big = This area and period hold more than { $max } reports, too many to send in a chat. Choose a shorter period or a smaller area; an admin can export everything from the command line.
export-erased = (erased)
export-col-date = Date
export-col-area = Area
export-col-area-code = Area code
export-col-team-code = Team code
export-col-team = Team
export-col-member = Member
export-col-category = Activity
export-col-note = Note
export-col-created = Created at
export-col-updated = Updated at
export-col-teams = Teams
export-col-reports = Reports
export-col-target = { $indicator } — target
export-col-percent = { $indicator } — % of target
export-col-role = Role
export-col-status = Status
export-col-last-report = Last report
export-col-phone = Phone
export-status-active = active
export-status-left = left the team
export-status-unreachable = unreachable
export-status-erased = data erased

## Broadcasts

cmd-broadcast = Send an announcement to teams
cmd-broadcasts = Announcements being sent, stop one
broadcast-compose = 📣 Send the announcement: a text message (formatting is kept), a photo or a document.
broadcast-compose-invalid = I can only send text, a photo or a document. Please send the content again, or type /cancel to stop.
broadcast-area = To which area?
broadcast-roles = To whom?
broadcast-roles-reporters = Members and team leaders
broadcast-roles-leaders = Team leaders only
broadcast-roles-coordinators = Coordinators
broadcast-roles-everyone = Everyone
broadcast-filter = Everyone, or only those who have not reported this week?
broadcast-filter-all = Everyone
broadcast-filter-unreported = Not reported this week
broadcast-preview = The announcement above goes to <b>{ $count }</b> people in { $area }. When?
broadcast-preview-empty = Nobody in this group to send to. Type /broadcast to choose again.
broadcast-now = 📣 Send now
broadcast-in-hour = 🕐 In 1 hour
broadcast-tomorrow = 🌅 7:30 tomorrow
broadcast-cancel = ❌ Cancel
broadcast-cancelled = Cancelled; nothing was sent.
broadcast-queued = 📣 { $count } messages queued, sending from { $when }. Progress shows here.
broadcast-progress = 📣 Sending: { $done }/{ $total } (received { $sent }, blocked the bot { $blocked }, failed { $failed })
broadcast-report =
    📣 <b>Announcement #{ $id } is sent</b>
    Received: { $sent }
    Blocked the bot: { $blocked }
    Could not be sent: { $failed }
    Skipped (left the team, cancelled): { $skipped }
broadcast-failures = Could not be sent (#{ $id })
broadcast-report-channels = Of these, by Telegram: { $telegram } · by Zalo: { $zalo }
broadcast-stop = ⏹ Stop #{ $id }
broadcast-stop-ask = Stop announcement #{ $id }? Messages not yet sent won't be.
broadcast-stop-yes = ⏹ Stop it
broadcast-stop-no = ↩️ Keep sending
broadcast-stop-kept = Announcement #{ $id } goes on being sent.
broadcast-stopped = ⏹ Announcement #{ $id } stopped. Messages not yet sent won't be.
broadcast-none = No announcement is being sent.
broadcast-list-line = #{ $id }: { $done }/{ $total } handled

## Summary on demand

cmd-summary = Area summary with a chart
summary-chart-caption = 🎯 Progress against targets — { $area }
summary-choose = 📊 A summary for which period?
summary-button-today = Today
summary-button-yesterday = Yesterday
summary-button-week = This week
summary-button-month = This month
summary-members-only = Summaries are for team leaders, coordinators and admins. You can see your own reports with /myreports.
menu-summary = 📊 Summary

## Admin settings in chat

cmd-reminders = Reminder times (admins)
cmd-newdeadline = Set a new report deadline
reminders-title = ⏰ <b>Reminder schedule</b> (local time). Tap to switch on/off or change the time.
reminders-line = { $state } <b>{ $name }</b>: { $time }, { $days } — { $scope }
reminders-scope-day = whoever has not reported today
reminders-scope-week = whoever has not reported this week
reminders-on = ✅
reminders-off = ⏸
reminders-off-button = ⏸ Switch off: { $name }
reminders-on-button = ▶️ Switch on: { $name }
reminders-earlier = ⏪ { $name } at { $time }
reminders-later = ⏩ { $name } at { $time }
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
deadline-ask-title = 📌 What is the deadline called? (e.g. Digital payments report for November)
deadline-title-invalid = A title needs 3 to 120 characters. Please type it again.
deadline-ask-due = When is it due? Choose below, or type a date and time like <b>30/11 17h</b>, <b>17:30 30/11</b> or <b>thứ 6 17h</b> (Friday 17:00).
deadline-due-invalid = I can't read that date and time. Type it like <b>30/11 17h</b>, <b>17:30 30/11</b>, <b>5 giờ chiều mai</b> (5 pm tomorrow) or <b>thứ 6 17h</b> (Friday 17:00), or choose a button.
deadline-due-days = In { $days } days, 17:00
deadline-due-month-end = End of the month, 17:00
deadline-ask-category = A report of which activity counts as done?
deadline-any-category = Any activity
deadline-ask-area = Which area is it for?
deadline-created = 📌 Deadline <b>{ $title }</b> set, due { $due }, for { $area }. The bot will remind those who have not reported 3 days, 1 day and 2 hours before.

## Targets in chat

cmd-target = Set a target (admins)
target-ask-indicator = 🎯 A target for which indicator?
target-ask-area = For which area?
target-ask-period = For which period?
target-period-month = Month { $month }
target-period-year = Year { $year }
target-ask-value = What is the target of <b>{ $indicator }</b> for { $area }, { $period }? Type a whole number above zero.
target-value-invalid = A target is a whole number above zero, e.g. <b>500</b>. Please type it again.
target-saved = 🎯 Target <b>{ $indicator }</b> for { $area }, { $period }: <b>{ $value }</b> saved.

## Two messengers (/link) and the Zalo channel
cmd-link = Use both Zalo and Telegram
link-code =
    🔗 Your link code: <code>{ $code }</code>
    Open { $other } and send this code to the bot within { $minutes } minutes to use the same account. From then on the bot writes to you where you wrote last.
link-done = ✅ Linked, { $name }. The bot will write to you here; reports and reminders stay as they were.
link-unavailable = This bot runs on one messenger only, so there is nothing to link yet. Once an admin adds Zalo or Telegram, /link gives you a link code.
zalo-or = or
zalo-answer = Answer { $numbers }.
zalo-value-hint = Type a number, or type { $words }.
zalo-contact-hint = 📱 Type your phone number (e.g. 0912 345 678).
zalo-stale-number = The latest message has no option { $number }. Answer { $numbers }.
zalo-unsupported = The bot can't read this kind of message yet. Please type it.
zalo-file-link = 📎 { $name }: { $url } (opens for { $hours } hours)
zalo-file-elsewhere = 📎 The file { $name } can't be sent over Zalo. See it on Telegram (/link), or ask an admin to export it with «python -m bot export».
zalo-photo-elsewhere = 🖼 The chart can't be sent over Zalo right now. See it on Telegram (/link); the figures are above.
zalo-link-gone = This link is wrong or has expired. Ask the bot to send it again.

## Wording for Zalo, where buttons are numbered lines to answer by typing (used instead of the
## text without "-zalo" while handling a Zalo member's message).
join-consent-needed-zalo = Answer <b>1</b> (I agree) to go on, or <b>2</b> (I don't agree) to stop.
join-ask-name-zalo =
    What is your full name?
    Answer 1 to use <b>{ $name }</b>, or type your full name (e.g. Nguyễn Thị Lan).
join-ask-phone-zalo = Please give your phone number so your team leader and commune officer can reach you (optional).
join-phone-invalid-zalo = That phone number doesn't look right. Type a 10-digit mobile number (e.g. 0912 345 678), or type <b>Skip</b>.
join-confirm-needed-zalo = Answer <b>1</b> to finish (2: change name, 3: change phone, 4: cancel).
report-ask-value-optional-zalo =
    { $emoji } <b>{ $category }</b> — question { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Type a number from { $min } to { $max } ({ $unit }).
report-ask-note-zalo = Type a note (at most { $max } characters).
report-choose-hint-zalo = Type a number from 1 to { $count } from the list above.
remind-day-zalo = ⏰ You haven't reported today ({ $date }) yet. It takes a minute — answer <b>1</b> to report now.
remind-week-zalo = ⏰ You haven't reported anything this week. Answer <b>1</b> to send what you did.

# --- province ---
## The province's own names (settings BOT_NAME, DATA_CONTROLLER, DATA_CONTACT): every text may
## use { $bot-name }, { $data-controller } and { $data-contact }; these are used when unset.
province-default-bot-name = Community Digital Technology Team Assistant
province-default-data-controller = the provincial body that runs the community digital technology teams
province-default-data-contact = your team leader or commune officer
reminder-rule-daily = Daily reminder
reminder-rule-weekly = Weekly reminder
help-area = , coordinating <b>{ $area }</b>
promote-found-line = • <b>{ $name }</b> — { $team } · { $phone }
promote-no-team = no team yet
promote-no-phone = no phone number
promote-button = { $name } · { $detail }
promote-notice = 🎖 An admin has given you the role of <b>{ $role }</b>{ $area }. Type /help to see what you can do.
promote-notice-area = { " " }for <b>{ $area }</b>
deadline-due-ambiguous-hour = Is “{ $hour }” { $hour } in the morning or { $later }:00? Please say which, e.g. <b>{ $hour } giờ chiều { $date }</b> (afternoon) or <b>{ $later }h { $date }</b>.
deadline-due-ambiguous-weekday = Today is already { $weekday }. Do you mean today or next week? Type the date, e.g. <b>{ $example }</b>.
deadline-due-past = { $when } has passed. A deadline must be in the future, e.g. <b>{ $example }</b>.
promote-more = … and more. Type more of the name or the phone number to narrow it down.
reminders-title-zalo = ⏰ <b>Reminder schedule</b> (local time). Type a number below to switch off, on or change the time.
weekday-long-1 = Monday
weekday-long-2 = Tuesday
weekday-long-3 = Wednesday
weekday-long-4 = Thursday
weekday-long-5 = Friday
weekday-long-6 = Saturday
weekday-long-7 = Sunday

# --- evidence ---
evidence-photo-kept = 📷 Photo received as evidence for this report.
evidence-photo-full = 📷 This report already has { $max } photos of evidence; no more are taken.
evidence-photo-outside = 📷 I got your photo, but you are not writing a report to attach it to. Tap <b>📝 Report</b> (or type something like <b>vneid 12</b>), then send the photo while reporting: it is kept as evidence.
evidence-photo-outside-zalo = 📷 I got your photo, but you are not writing a report to attach it to. Answer <b>1</b> to report (or type something like <b>vneid 12</b>), then send the photo while reporting: it is kept as evidence.
evidence-voice = 🎤 The bot can't listen to voice messages yet. Please type instead.
evidence-voice-outside = 🎤 The bot can't listen to voice messages yet. To report, tap <b>📝 Report</b> and type the numbers, or type a message like <b>vneid 12, dvc 5</b> (the activity and how many).
evidence-voice-outside-zalo = 🎤 The bot can't listen to voice messages yet. To report, answer <b>1</b> and type the numbers, or type a message like <b>vneid 12, dvc 5</b> (the activity and how many).
myreports-photos = { $count ->
    [1] 📷
   *[other] 📷 { $count }
}
export-col-evidence = Evidence photos
export-evidence-no-link = { $count ->
    [1] 📷 has a photo
   *[other] 📷 has { $count } photos
}
evidence-link-gone = This photo link is wrong or has expired. Export the report again for a new link.

# --- typed ---
## Reports and joining in as few typed messages as the content needs (Zalo first).
typed-activities = Activity numbers: { $activities }.
typed-same-word = Repeat
typed-several-hint = You may type all { $count } numbers at once, separated by spaces, e.g. «{ $example }».
typed-too-many = The activity { $category } has { $expected } numbers: { $indicators }. You typed { $given }, so none was taken. Please type them again in that order, e.g. «{ $example }».
typed-too-many-rest = { $expected } numbers are left: { $indicators }. You typed { $given }, so none was taken. Please type them again, e.g. «{ $example }».
typed-grouped = Is «{ $typed }» one number or several? One number: type it with a dot, «{ $joined }». Several: separate them with commas, «{ $commas }».
typed-wrong-number = «{ $typed }» ({ $indicator }): { $reason }
typed-no-activity = There is no activity number { $number }. { $activities }
quick-title-zalo = This is how I understood your report (nothing is saved until you answer 1 to send it):
report-choose-category-zalo = 📝 Report for <b>{ $date }</b>. Choose an activity, or report quickly: type the activity's number and the figures, e.g. «1 12».
join-done-zalo =
    🎉 Done! <b>{ $name }</b> is now a member of <b>{ $team }</b>.
    Quick report: type the activity's number and the figures, e.g. «1 12».
    Activity numbers: { $activities }.
not-understood-zalo = I didn't understand that. Quick report: type the activity's number and the figures, e.g. «1 12», or something like «vneid 12». Type /help to see what the bot can do.
join-code-unknown = This invite code does not exist; please ask your team leader again.
join-ask-phone-named =
    Name: <b>{ $name }</b> (you can change it at the next step).
    Please share your phone number so your team leader and commune officer can reach you (optional).
    Tap <b>📱 Share phone number</b> below, type the number (e.g. 0912 345 678), or tap <b>Skip</b>.
join-ask-phone-named-zalo =
    Name: <b>{ $name }</b> (you can change it at the next step).
    Please give your phone number so your team leader and commune officer can reach you (optional).

# --- groups ---
group-code =
    🔗 Code to link a group with <b>{ $scope }</b>: <b>{ $code }</b>
    1. Add the bot to the Zalo group of { $scope }.
    2. Type this code in the group (the code alone, nothing else).
    The code works once, for { $hours } hours. In the group the bot only posts the daily summary and the report reminder (no phone numbers), and answers no messages.
group-not-allowed = Only coordinators (for their area) and team leaders (for their team) can link a Zalo group.
group-unavailable = The bot is not switched on for Zalo groups yet. Please ask an admin.
group-linked = ✅ This group is now linked with { $scope }. The bot will post the daily summary and the report reminder here.
group-reminder-day =
    { $count ->
        [0] ✅ Today ({ $date }) everyone has reported. Thank you all!
        [one] ⏰ Today ({ $date }) <b>1</b> member has not reported yet. Message the bot to report.
       *[other] ⏰ Today ({ $date }) <b>{ $count }</b> members have not reported yet. Message the bot to report.
    }
group-reminder-week =
    { $count ->
        [0] ✅ This week (up to { $date }) everyone has reported. Thank you all!
        [one] ⏰ This week (up to { $date }) <b>1</b> member has not reported yet. Message the bot to report.
       *[other] ⏰ This week (up to { $date }) <b>{ $count }</b> members have not reported yet. Message the bot to report.
    }
group-reminder-names = Not reported yet: { $names }
group-reminder-more = … and { $count } more
group-reminder-unnamed = ({ $count } not named: they have not agreed to be named in the group.)
groupname-on = ✅ You agreed to be named in the Zalo group's reminder when you have not reported. Type /groupname off to stop.
groupname-off = Your name is not shown in the Zalo group's reminder: the group only sees how many have not reported. Type /groupname on if you agree to be named.
groupname-wrong = Type /groupname on to agree to be named in the group, or /groupname off to stop.
summary-silent-line-group = • { $team } ({ $area }) · last { $date }
summary-silent-never-group = • { $team } ({ $area }) · never reported

# --- summary ---
summary-short-month = this month
summary-teams-new = 🆕 New teams with no report yet: { $count } (not counted as reported)
summary-fig-today = today <b>{ $value }</b>
summary-fig-yesterday = yesterday <b>{ $value }</b>
summary-fig-week = this week (from { $first }) <b>{ $value }</b>
summary-fig-month = month to date ({ $month }) <b>{ $value }</b>
summary-fig-year = year to date ({ $year }) <b>{ $value }</b>
summary-indicator = ▸ <b>{ $indicator }</b>
summary-target-need = Still needed: <b>{ $needed }</b>, <b>{ $per_day }</b> per working day (working days left: { $days })
summary-target-need-last = Still needed: <b>{ $needed }</b>; no working day is left in the period
summary-target-done = ✅ Target reached
summary-results = 📈 <b>Results</b>
summary-results-other = 📈 <b>Other results</b>
summary-result-line = • { $indicator }: { $figures }
summary-ranking-month = 🏆 <b>Ranked by progress</b> — { $indicator }, target for { $period }
summary-ranking-year = 🏆 <b>Ranked by progress</b> — { $indicator }, target for { $period }
summary-ranking-results = 🏆 <b>Ranked by results in { $month }</b> — { $indicator }
summary-rank-progress = { $rank }. { $name } — <b>{ $percent }</b> ({ $done }/{ $target })
summary-rank-result = { $rank }. { $name } — <b>{ $value }</b>
summary-rank-more = … and { $count } more { $level }
summary-rank-untargeted = ({ $count } { $level } without a target of their own)
summary-level-commune = communes
summary-level-district = districts
summary-level-village = villages
summary-level-team = teams
summary-level-member = members
summary-level-area = areas
summary-silent-none-but-new = ✅ Every team set up { $days } or more days ago reported in the last { $days } days.
summary-new = 🆕 <b>New teams, no report yet</b> ({ $count }):
summary-new-line = • { $team } ({ $area }) — { $leader } · new, no report yet
summary-new-more = … and { $count } more new teams
summary-missing = 🔕 <b>Not reported { $period }</b> ({ $count }): { $names }
summary-missing-more = and { $count } more
summary-missing-none = ✅ Everyone in the team reported { $period }.
summary-chart-progress = Progress against targets — { $area }
summary-chart-target = target
summary-chart-by = { $indicator } · { $period }
summary-chart-period-month = { $period }
summary-chart-period-year = { $period }
summary-chart-results = Results in { $month } — { $indicator }
summary-chart-more = and { $count } more { $level }
summary-chart-trend = Results over { $days } days — { $area }
summary-trend-caption = 📈 Results over { $days } days — { $area }
summary-results-caption = 📊 This month's results by area — { $area }

# --- excel ---
export-sheet-overview = Overview
export-sheet-reports = Reports
export-sheet-by-area = By area
export-sheet-members = Members
export-title-overview = SUMMARY REPORT OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS' WORK
export-title-reports = ACTIVITY REPORTS OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS
export-title-by-area = RESULTS BY AREA
export-title-members = MEMBERS OF THE COMMUNITY DIGITAL TECHNOLOGY TEAMS
export-head-area = Area: { $area }
export-head-period = Period: { $first } to { $last }
export-head-generated = Generated at: { $at }
export-head-author = Generated by: { $author }
export-author = { $name } ({ $role })
export-author-cli = system administrator (command line)
export-col-number = No.
export-col-unit = Area
export-direct = { $area } (directly)
export-total = Total
export-subtotal = This sheet's total
export-total-all = Total (all sheets)
export-total-reports = { $count } reports
broadcast-signature = <i>— { $name }, { $role ->
        [admin] admin
       *[other] coordinator
    }, { $area }</i>
broadcast-too-long = The announcement is { $length } characters long. With the sender's signature it may have at most { $max }. Please shorten it and send it again, or type /cancel to stop.

# --- invites ---
## Printed invite cards (python -m bot roster cards): plain text, short lines.
card-code-label = Invite code
card-qr-zalo = Zalo
card-qr-telegram = Telegram
card-zalo-step = Zalo: open Zalo, scan the Zalo code, type the invite code { $code }
card-telegram-step = Telegram: scan the Telegram code, tap Start
card-zalo-only = Open Zalo, scan the QR code, then type the invite code { $code } in the chat.
card-zalo-only-then = The bot will guide you through the next steps.
card-telegram-only = Open Telegram, scan the QR code, tap Start.
card-telegram-only-then = Can't scan? Find @{ $bot } and type the invite code { $code }.

# --- area changes (issue 17: merges, splits, renames with a date) ---
## The name of a merge's successor where summaries and exports name it.
area-merged-ward = { $name } (from { $count } wards merged on { $date })
area-merged-mixed = { $name } (from { $count } communes and wards merged on { $date })
area-merged-commune = { $name } (from { $count } communes merged on { $date })
area-merged-village = { $name } (from { $count } villages merged on { $date })
area-merged-district = { $name } (from { $count } districts merged on { $date })
area-merged-province = { $name } (from { $count } provinces merged on { $date })
## A split commune's row in an export, holding its reports from before the split.
area-split-retired = { $name } (split on { $date })
## The area in an export's title block, drawn as the map was on a day (--as-of).
export-head-as-of = { $area } (the map as it was on { $date })
# review-entry (issue 16, helper A)
## Checks at entry: one question about an unusual value before the card; a held report; a
## report returned by its reviewer; the reason for correcting a confirmed report; its history.
report-check =
    { $emoji } <b>{ $category }</b> — { $indicator }
    🤔 You entered <b>{ $value } { $unit }</b> — is that right?
report-check-why-soft_max = One person rarely does more than { $reference } { $unit } in a day.
report-check-why-own_history = You usually report about { $reference } { $unit }.
report-check-why-peers = Members in your area usually report about { $reference } { $unit }.
report-check-hint = If it is right, your team leader confirms the report before it counts in the totals. If not, tap <b>✏️ Fix</b> or type the right number.
report-check-hint-zalo = If it is right, your team leader confirms the report before it counts in the totals.
report-check-yes = ✅ Right
report-check-fix = ✏️ Fix
expect-check = Tap <b>✅ Right</b> if the number is right, <b>✏️ Fix</b> to enter it again, or type the right number. Type /cancel to stop.
expect-check-zalo = Answer 1 if the number is right, 2 to enter it again. Type /cancel to stop.
report-held = ⏳ Report saved; it waits for your team leader's confirmation because some numbers are unusual. They count in the totals once confirmed.
report-ask-reason = This report was confirmed. Why are you changing it? Pick a reason, or type your own.
report-ask-reason-zalo = This report was confirmed. Why are you changing it? Answer the number of a reason, or type your own.
report-reason-typo = Typo
report-reason-missing = Numbers missing
report-reason-date = Wrong day
expect-reason = Pick a reason above, or type one in words. Type /cancel to stop.
returned-kept = ✅ Your report of { $date } was sent back unchanged for your leader to look at again.
returned-stale = This report no longer waits for your answer.
returned-too-late = This report can no longer be changed.
myreports-pending = { "   " }⏳ awaiting confirmation
myreports-returned = { "   " }↩️ returned: fix it or keep it
myreports-history = 🕘 History { $number }
myreports-history-title = 🕘 <b>Report history</b> of { $date } · { $emoji } { $category }
myreports-history-empty = No changes recorded yet.
myreports-history-line = • { $at } · { $who }: { $action }
myreports-history-change = { "   " }{ $indicator }: { $before } → { $after }
myreports-history-moved = { "   " }{ $what }: { $before } → { $after }
myreports-history-reason = { "   " }Reason: { $reason }
myreports-history-system = bot
myreports-history-date = Day
myreports-history-note = Note
myreports-history-category = Activity
history-report-created = sent the report
history-report-updated = corrected the report
history-report-deleted = deleted the report
history-report-flagged = unusual numbers, awaiting confirmation
history-report-confirmed = confirmed
history-report-returned = returned
history-report-resubmitted = corrected and sent again for confirmation
history-report-kept = kept unchanged, sent again for confirmation
history-report-escalated = passed up for confirmation
history-report-other = { $action }
returned-fix-header = ↩️ This report was returned. Tap <b>✏️ Edit</b> to correct the numbers, then <b>✅ Send</b>: it goes back for confirmation.
returned-fix-header-zalo = ↩️ This report was returned. Answer 3 (✏️ Edit) to correct the numbers, then 1 (✅ Send): it goes back for confirmation.
report-held-rule = ⏳ Report saved; it waits for your team leader's confirmation (the province confirms every report of this indicator). Its numbers count in the totals once confirmed.
# review-cards (issue 16, helper B)
cmd-review = Reports awaiting review
cmd-correct = Correct a report's numbers (report number)
review-card-title = 🔎 <b>Report to review</b> (no. { $number })
review-card-member = 👤 { $name } — { $team }
review-card-day = 📅 { $day }
review-card-activity = { $activity }
review-card-value = • { $indicator }: { $amount }
review-card-value-flagged = • { $indicator }: <b>{ $amount }</b> ⚠️
review-card-why = ⚠️ { $indicator }: { $why }
review-why-soft_max = above the plausible limit ({ $reference } { $unit }/day)
review-why-own_history = more than { $ratio } times the member's usual value (about { $reference })
review-why-peers = more than { $ratio } times the commune's usual value (about { $reference })
review-why-review_all = the province reviews every report of this indicator
review-card-recent = 📈 { $indicator } recently: { $values }
review-card-recent-item = { $value } ({ $day })
review-card-recent-none = 📈 { $indicator }: the member has no counted report before.
review-card-note = 📝 { $note }
review-card-escalated = ⏫ Passed on from { $role } { $name } after { $days } days without a review.
review-confirm = ✅ Confirm
review-return = ↩️ Return
review-fix = ✏️ Correct
review-reason-high = Number too high
review-reason-date = Wrong day
review-reason-activity = Wrong activity
review-reason-duplicate = Entered twice
review-reason-other = ✍️ Other reason
review-ask-reason = ↩️ Return report no. { $number } — pick a reason:
review-ask-reason-zalo = ↩️ Return report no. { $number } — type the number of a reason:
review-type-reason = ✍️ Type why you return report no. { $number } (at most { $max } characters), or /cancel.
review-reason-too-long = That reason is too long: at most { $max } characters. Please shorten it.
review-expect-reason = Please type the reason in words, or /cancel.
review-done-confirmed = ✅ <b>Confirmed.</b> The numbers now count in the totals.
review-done-returned = ↩️ <b>Returned</b> to { $name }: { $reason }
review-stale = This report has already been dealt with.
review-forbidden = You may not review this report.
review-returned = ↩️ Your report of { $day } ({ $activity }) was returned by { $role ->
        [leader] team leader
        [coordinator] coordinator
       *[other] admin
    } { $name }: { $reason }.
    Correct the numbers, or keep them if they are right.
review-returned-zalo = ↩️ Your report of { $day } ({ $activity }) was returned by { $role ->
        [leader] team leader
        [coordinator] coordinator
       *[other] admin
    } { $name }: { $reason }.
    Type the number: correct the numbers, or keep them if they are right.
review-returned-fix = ✏️ Correct
review-returned-keep = ✅ Keep as is
review-corrected = ✏️ Your report of { $day } ({ $activity }) was corrected by { $role ->
        [coordinator] coordinator
       *[other] admin
    } { $name }: { $indicator }: { $before } → { $after }. Reason: { $reason }.
review-fix-pick = ✏️ Correct report no. { $number } — pick the number to correct:
review-fix-pick-zalo = ✏️ Correct report no. { $number } — type the position of the number to correct:
review-fix-ask-value = ✏️ { $indicator } (now { $current }): type the new number, from { $min } to { $max }, or /cancel.
review-fix-bad-value = I could not read a number: please type a whole number from { $min } to { $max }.
review-fix-ask-reason = Why the correction? Pick a reason:
review-fix-ask-reason-zalo = Why the correction? Type the number of a reason:
review-fix-reason-typo = Mistyped number
review-fix-reason-checked = Checked against the logbook
review-fix-reason-member = The member reported it again
review-fix-type-reason = ✍️ Type the reason for the correction (at most { $max } characters), or /cancel.
review-fix-done = ✅ Report no. { $number } corrected: { $indicator }: { $before } → { $after }. It counts as confirmed; the member has been told.
review-fix-not-allowed = Only coordinators and admins may correct someone else's numbers.
review-list-title = 🔎 <b>Reports awaiting review</b> ({ $count }):
review-list-line = { $index }. No. { $number } · { $name } · { $day } · { $activity } · { $days ->
        [0] just sent
       *[other] waiting { $days } days
    }
review-list-more = … and { $count } more reports (open the ones above first).
review-list-hint = Tap a report number to open its review card.
review-list-hint-zalo = Type the position to open its review card.
review-list-empty = ✅ No report is waiting for review.
review-list-open = 📂 No. { $number }
review-only-reviewers = Only team leaders and coordinators review reports. If yours needs a look, your leader will check it.
review-correct-usage = Type /correct and the report number, e.g. /correct 12
review-correct-not-found = Report no. { $number } was not found in your area.
review-fix-expect-number = Please type the new number in digits, or /cancel.
# review-counts (issue 16, helper C)
## What counts: the summary's line for reports waiting for review, the chart captions, the
## export's review columns and history sheet, the words of `python -m bot review list`.
review-counts-held = ⏳ <b>{ $reports } { $count ->
        [one] report
       *[other] reports
    }</b> { $since } awaiting confirmation (not counted: { $totals })
review-counts-held-empty = ⏳ <b>{ $reports } { $count ->
        [one] report
       *[other] reports
    }</b> { $since } awaiting confirmation (not counted above)
review-counts-since-month = since the start of { $month }
review-counts-since-year = since the start of { $year }
review-counts-since-day = since { $date }
review-counts-chart-held = ⏳ Not counted: { $reports } awaiting confirmation ({ $since })
review-counts-state-accepted = Recorded
review-counts-state-pending = Awaiting confirmation
review-counts-state-returned = Returned
review-counts-state-confirmed = Confirmed
review-counts-flag-soft_max = { $indicator } { $value }: above the plausible { $reference }
review-counts-flag-own_history = { $indicator } { $value }: { $exact ->
        [yes] { $times } times
       *[other] over { $times } times
    } the usual ({ $reference })
review-counts-flag-peers = { $indicator } { $value }: { $exact ->
        [yes] { $times } times
       *[other] over { $times } times
    } the area's usual ({ $reference })
review-counts-flag-review_all = { $indicator } { $value }: reviewed in every report
review-counts-action-created = created
review-counts-action-updated = corrected
review-counts-action-flagged = flagged
review-counts-action-confirmed = confirmed
review-counts-action-returned = returned
review-counts-action-resubmitted = sent again
review-counts-action-kept = kept, sent again
review-counts-action-escalated = escalated
review-counts-action-deleted = deleted
review-counts-system = the system
review-counts-escalated-to = to { $name }
review-counts-date = Day { $date }
export-col-id = Report id
export-col-review = Review
export-col-flags = Why flagged
export-col-held-reports = Of which awaiting confirmation
export-col-held = { $indicator } — awaiting confirmation (not counted)
export-total-reports-held = { $count } reports ({ $held } awaiting confirmation)
export-sheet-history = History
export-title-history = HISTORY OF CREATION, CORRECTION AND CONFIRMATION OF REPORTS
export-col-report-date = Report day
export-col-at = When
export-col-actor = By
export-col-action = Action
export-col-before = Before
export-col-after = After
export-col-reason = Reason
