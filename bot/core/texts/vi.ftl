## Joining a team

start-how-to-join =
    Xin chào! Đây là <b>{ $bot-name }</b>, nơi thành viên các tổ báo cáo kết quả công việc.
    Để tham gia tổ của bạn, hãy mở đường link mời hoặc quét mã QR mà tổ trưởng hay cán bộ xã gửi cho bạn.
    Nếu bạn có <b>mã mời</b> (10 ký tự, ví dụ K7M2QX9P4B), hãy gõ mã đó vào đây.
start-bad-code =
    Mã mời <code>{ $code }</code> không đúng hoặc tổ đã ngừng hoạt động.
    Hãy kiểm tra lại và gõ mã mời (10 ký tự), hoặc hỏi tổ trưởng link mời mới.
join-ask-code-again = Mã mời gồm 10 chữ và số, ví dụ <code>K7M2QX9P4B</code>. Bạn gõ lại giúp mình nhé.
join-welcome =
    Chào mừng bạn đến với <b>{ $team }</b> — { $area }.

    <b>Trước khi tham gia, xin bạn đọc và đồng ý:</b>
    • Bot lưu họ tên, số điện thoại (nếu bạn chia sẻ), tổ của bạn và các báo cáo bạn gửi.
    • Chỉ tổ trưởng, cán bộ điều phối khu vực của bạn và quản trị viên tỉnh xem được các thông tin này.
    • Bot không bao giờ hỏi số CCCD, mật khẩu hay mã OTP VNeID của người dân hay của bạn.
    • Bạn có thể xem hoặc yêu cầu xóa dữ liệu cá nhân bất cứ lúc nào (Luật Bảo vệ dữ liệu cá nhân 2025).
    • Bên kiểm soát dữ liệu cá nhân: { $data-controller }.
    • Liên hệ về dữ liệu cá nhân: { $data-contact }
join-consent-yes = ✅ Tôi đồng ý
join-consent-no = Không đồng ý
join-consent-needed = Bạn bấm <b>Tôi đồng ý</b> để tiếp tục, hoặc <b>Không đồng ý</b> để dừng. (Gõ 1 hoặc 2 cũng được.)
join-declined = Bạn chưa tham gia tổ. Khi nào sẵn sàng, hãy mở lại link mời. Dữ liệu của bạn chưa được lưu.
join-ask-name =
    Họ và tên của bạn là gì?
    Bấm nút để dùng tên <b>{ $name }</b>, hoặc gõ họ tên đầy đủ (ví dụ: Nguyễn Thị Lan).
join-ask-name-typed = Họ và tên của bạn là gì? Gõ họ tên đầy đủ, ví dụ: <b>Nguyễn Thị Lan</b>.
join-use-name = Dùng tên: { $name }
join-name-invalid = Họ tên cần từ 2 đến 80 ký tự và có chữ cái, ví dụ: <b>Nguyễn Thị Lan</b>. Bạn gõ lại giúp mình nhé.
join-ask-phone =
    Bạn chia sẻ số điện thoại để tổ trưởng và cán bộ xã liên hệ khi cần nhé (không bắt buộc).
    Bấm <b>📱 Chia sẻ số điện thoại</b> bên dưới, gõ số (ví dụ 0912 345 678), hoặc bấm <b>Bỏ qua</b>.
join-share-phone = 📱 Chia sẻ số điện thoại
join-skip = Bỏ qua
join-phone-invalid = Số điện thoại chưa đúng. Hãy bấm <b>📱 Chia sẻ số điện thoại</b>, gõ số di động 10 chữ số (ví dụ 0912 345 678), hoặc bấm <b>Bỏ qua</b>.
join-phone-not-own = Đây không phải số của bạn. Hãy bấm <b>📱 Chia sẻ số điện thoại</b> để chia sẻ số của chính bạn, hoặc bấm <b>Bỏ qua</b>.
join-phone-none = (không chia sẻ)
join-confirm =
    <b>Kiểm tra lại thông tin:</b>
    Tổ: <b>{ $team }</b>
    Khu vực: { $area }
    Họ tên: <b>{ $name }</b>
    Số điện thoại: { $phone }
join-confirm-yes = ✅ Xác nhận
join-edit-name = ✏️ Sửa tên
join-edit-phone = 📱 Sửa số
join-cancel = Hủy
join-confirm-needed = Bạn bấm <b>Xác nhận</b> để hoàn tất, hoặc chọn mục cần sửa. (Gõ 1: Xác nhận, 2: Sửa tên, 3: Sửa số, 4: Hủy.)
join-done =
    🎉 Xong rồi! <b>{ $name }</b> đã là thành viên của <b>{ $team }</b>.
    Gõ /help để xem bot giúp được gì.
join-already =
    Bạn đang là thành viên của <b>{ $team }</b> — { $area }.
    Gõ /help để xem bot giúp được gì.
join-switch-ask =
    Bạn đang ở <b>{ $current }</b>.
    Link này là của <b>{ $team }</b> — { $area }. Bạn muốn chuyển sang tổ này?
join-switch-yes = Chuyển sang tổ mới
join-switch-no = Giữ tổ hiện tại
join-switch-kept = Bạn vẫn ở <b>{ $team }</b>. Không có gì thay đổi.
join-switch-done = Đã chuyển bạn sang <b>{ $team }</b>.
join-switch-needed = Bạn bấm <b>Chuyển sang tổ mới</b> hoặc <b>Giữ tổ hiện tại</b>. (Gõ 1 hoặc 2 cũng được.)
join-not-active = Tài khoản của bạn hiện không hoạt động trong tổ nào. Hãy mở link mời của tổ để tham gia lại.
admin-welcome =
    Xin chào <b>{ $name }</b>! Bạn đang dùng bot với vai trò <b>quản trị viên</b>.
    Gõ /help để xem các lệnh.

## Roles

role-member = thành viên
role-leader = tổ trưởng
role-coordinator = điều phối viên
role-admin = quản trị viên

## Commands (menu descriptions: plain text, at most 256 characters)

cmd-start = Bắt đầu, tham gia tổ
cmd-help = Bot giúp được gì
cmd-language = Đổi ngôn ngữ
cmd-cancel = Dừng việc đang làm

## Help and menus

help-intro = Bạn là <b>{ $role }</b>{ $team }{ $area }. Bot giúp bạn:
help-team = { " " }của <b>{ $team }</b>
help-line = /{ $command } — { $description }
help-footer = Lúc nào muốn dừng việc đang làm, gõ /cancel.
menu-help = ❓ Trợ giúp
menu-language = 🌐 Ngôn ngữ
cancel-done = Đã dừng. Bạn cần gì thì gõ /help nhé.
cancel-nothing = Không có việc gì đang làm dở. Gõ /help để xem bot giúp được gì.
language-ask = Chọn ngôn ngữ / Choose a language:
# Each language by its own name, the same in every catalog.
language-name-vi = Tiếng Việt
language-name-en = English
language-set = Đã chuyển sang tiếng Việt.
not-registered = Bạn chưa tham gia tổ nào. Hãy mở link mời của tổ, hoặc gõ mã mời (10 ký tự).
not-understood = Mình chưa hiểu tin nhắn này. Muốn báo cáo, bạn bấm <b>📝 Báo cáo</b> hoặc gõ như <b>vneid 12</b>. Gõ /help để xem bot giúp được gì.
card-expired = Thẻ này đã hết hạn. Gõ /help để bắt đầu lại.

## Whatever a step cannot take

unexpected-input = { $kind ->
    [document] 📎 Mình chưa đọc được tệp ở bước này.
    [photo] 🖼 Mình chưa đọc được ảnh ở bước này.
    [sticker] Mình chưa đọc được nhãn dán.
    [location] 📍 Bot không cần vị trí ở bước này.
    [voice] 🎤 Mình chưa nghe được tin nhắn thoại, bạn gõ giúp mình nhé.
    [audio] 🎵 Mình chưa nghe được tệp âm thanh, bạn gõ giúp mình nhé.
    [video] 🎬 Mình chưa xem được video ở bước này.
    [contact] 👤 Bot không cần danh thiếp ở bước này.
   *[other] Mình chưa đọc được tin nhắn này.
}
list-more = … và { $count } mục khác
expect-buttons = Bạn chọn một nút trên thẻ ở trên (hoặc gõ số thứ tự của nút), hoặc gõ /cancel để dừng.
expect-report-choice = Bạn chọn một nút trên thẻ ở trên, hoặc gõ số thứ tự của nút. Gõ /cancel để dừng.
expect-number = Bạn gõ một số, ví dụ <b>12</b>. Gõ /cancel để dừng.
expect-note = Bạn gõ ghi chú bằng chữ, hoặc bấm <b>Không ghi chú</b>.
expect-invite-code = Bạn gõ mã mời của tổ (10 chữ và số), hoặc mở đường link mời mà tổ trưởng gửi.
expect-buttons-zalo = Bạn trả lời bằng số thứ tự trong danh sách ở trên, hoặc gõ /cancel để dừng.
expect-report-choice-zalo = Bạn trả lời bằng số thứ tự trong danh sách ở trên. Gõ /cancel để dừng.
expect-note-zalo = Bạn gõ ghi chú bằng chữ, hoặc gõ <b>Không ghi chú</b>.
error-generic = Xin lỗi, bot vừa gặp sự cố và chưa làm xong việc này. Những gì bạn đã gửi trước đó vẫn được lưu. Bạn thử lại sau ít phút nhé.

## Reports

cmd-report = Gửi báo cáo hoạt động
cmd-myreports = Xem, sửa báo cáo đã gửi
menu-report = 📝 Báo cáo
menu-same = 🔁 Như hôm qua
menu-myreports = 📋 Báo cáo của tôi
report-no-team = Bạn chưa thuộc tổ nào nên chưa gửi được báo cáo. Hãy mở link mời của tổ để tham gia.
report-team-inactive = Tổ của bạn đã ngừng hoạt động nên không nhận báo cáo mới. Hãy hỏi cán bộ xã link mời của tổ mới.
date-today = hôm nay
date-yesterday = hôm qua
date-label = { $date } ({ $relative })
date-button-today = Hôm nay
date-button-yesterday = Hôm qua
report-choose-category = 📝 Báo cáo ngày <b>{ $date }</b>. Bạn đã làm gì? Chọn một hoạt động:
report-other-day = 📅 Ngày khác
report-same-as-yesterday = 🔁 Như hôm qua
report-choose-date = Báo cáo cho ngày nào? Bot nhận báo cáo trong { $days } ngày gần đây.
report-ask-value =
    { $emoji } <b>{ $category }</b> — câu { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Gõ một số từ { $min } đến { $max } ({ $unit }).
report-ask-value-optional =
    { $emoji } <b>{ $category }</b> — câu { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Gõ một số từ { $min } đến { $max } ({ $unit }), hoặc bấm <b>Bỏ qua</b>.
report-skip = Bỏ qua
number-empty = Mình cần một con số, ví dụ: <b>12</b>.
number-not_a_number = Mình cần một con số viết bằng chữ số, ví dụ: <b>12</b>.
number-several = Mỗi lần bạn chỉ gõ một số thôi nhé, ví dụ: <b>12</b>.
number-negative = Số lượng không thể âm. Gõ một số từ 0 trở lên, ví dụ: <b>12</b>.
number-decimal = Cần một số nguyên (không có phần lẻ), ví dụ: <b>12</b>.
number-too_big = Số này lớn hơn mức tối đa cho một ngày ({ $max }). Bạn kiểm tra lại giúp mình nhé.
number-too_small = Số này nhỏ hơn mức tối thiểu ({ $min }). Bạn kiểm tra lại giúp mình nhé.
report-confirm-title = <b>Kiểm tra báo cáo</b> — ngày { $date }
report-item = { $emoji } <b>{ $category }</b>
report-value-line = • { $indicator }: <b>{ $value }</b>
report-value-missing = • { $indicator }: —
report-note-line = 📝 Ghi chú: { $note }
report-send = ✅ Gửi
report-add-note = 📝 Ghi chú
report-edit = ✏️ Sửa
report-cancel = ❌ Hủy
report-saved = ✅ Đã lưu báo cáo ngày { $date }. Cảm ơn bạn!
report-updated = ✅ Đã sửa báo cáo ngày { $date }.
report-week-totals = Tuần này ({ $first } – { $last }) bạn đã báo cáo:
report-week-line = • { $indicator }: <b>{ $value }</b>
report-add-another = ➕ Thêm hoạt động khác
report-cancelled = Đã hủy. Báo cáo này chưa được lưu.
report-ask-note = Gõ ghi chú (tối đa { $max } ký tự), hoặc bấm <b>Bỏ qua</b>.
report-note-too-long = Ghi chú dài { $length } ký tự, tối đa là { $max }. Bạn rút gọn giúp mình nhé.
report-note-none = Không ghi chú
report-choose-field = Bạn muốn sửa mục nào?
report-field-date = 📅 Ngày
report-field-note = 📝 Ghi chú
report-back = ↩️ Quay lại
report-choose-hint = Bạn chọn bằng nút bên trên, hoặc gõ số từ 1 đến { $count }.
report-timed-out = Phiên báo cáo trước đã dừng vì hơn { $minutes } phút bạn chưa trả lời. Bản nháp vẫn được giữ.
report-draft-waiting = Bạn có một bản nháp báo cáo chưa gửi (ngày { $date }). Tiếp tục hay bắt đầu lại?
report-resume = ▶️ Tiếp tục bản nháp
report-start-over = 🆕 Bắt đầu lại
report-nothing-before = Bạn chưa có báo cáo nào trước hôm nay để lặp lại. Hãy chọn hoạt động bên dưới.
report-same-title = 🔁 Lặp lại báo cáo ngày { $date } cho hôm nay.
report-same-clash = ⚠️ Hôm nay bạn đã gửi báo cáo cho hoạt động này:
report-same-clash-line = { $emoji } { $category }: { $values }
report-same-add = ➕ Cộng thêm (giữ báo cáo đã gửi)
report-same-replace = ♻️ Thay thế báo cáo đã gửi
report-same-replacing = ♻️ Sẽ thay thế { $count } báo cáo đã gửi hôm nay.
report-retired = { $label } (đã ngừng)
quick-title = Mình hiểu báo cáo của bạn như sau (chưa lưu cho đến khi bạn bấm Gửi):
quick-not-understood = ⚠️ Chưa hiểu, nên bỏ qua: { $fragments }
quick-problem = ⚠️ { $problem }
quick-given-twice = ⚠️ Một mục có nhiều số, mình không tự cộng nên bỏ qua: { $fragments }
myreports-title = 📋 Báo cáo bạn đã gửi — trang { $page }/{ $pages }:
myreports-empty = Bạn chưa gửi báo cáo nào. Bấm 📝 Báo cáo để bắt đầu.
myreports-line = <b>{ $number }.</b> { $date } · { $emoji } { $category }: { $values }
myreports-note = { "   " }📝 { $note }
myreports-locked = { "   " }🔒 Đã quá hạn sửa
myreports-edit = ✏️ Sửa { $number }
myreports-delete = 🗑 Xóa { $number }
myreports-previous = ◀️ Trang trước
myreports-next = Trang sau ▶️
myreports-confirm-delete = Xóa báo cáo này? Số liệu sẽ không còn được tính vào tổng.
myreports-delete-yes = 🗑 Xóa
myreports-delete-no = Không xóa
myreports-deleted = 🗑 Đã xóa báo cáo ngày { $date }.
myreports-kept = Đã giữ nguyên báo cáo.
myreports-too-late = Báo cáo này không còn sửa hay xóa được nữa (chỉ được đến hết ngày { $until }).
myreports-gone = Báo cáo này không còn nữa.

## Reminders and deadlines

remind-day = ⏰ Hôm nay ({ $date }) bạn chưa gửi báo cáo. Chỉ mất một phút thôi — bấm <b>Báo cáo ngay</b>.
remind-week = ⏰ Tuần này bạn chưa gửi báo cáo nào. Bấm <b>Báo cáo ngay</b> để gửi những gì bạn đã làm.
remind-report-now = 📝 Báo cáo ngay
remind-later = ⏰ Nhắc lại sau 1 giờ
remind-away = 🏖 Tôi vắng mặt…
remind-later-set = Được, mình sẽ nhắc lại lúc { $time }.
remind-away-ask = Bạn vắng mặt đến hết ngày nào? Trong thời gian đó bot sẽ không nhắc bạn.
remind-away-tomorrow = Ngày mai
remind-away-days = { $days } ngày
remind-away-set = Đã ghi nhận. Bot sẽ không nhắc bạn đến hết ngày { $date }. Khi nào có việc để báo cáo, cứ bấm 📝 Báo cáo.
deadline-alert =
    📌 Sắp đến hạn: <b>{ $title }</b>
    Hạn chót: <b>{ $due }</b> (còn { $left }).
    Bạn chưa gửi báo cáo cho việc này.
deadline-left-days = { $count } ngày
deadline-left-hours = { $count } giờ
deadline-escalation =
    ⚠️ Đã hết hạn: <b>{ $title }</b> ({ $due }).
    { $count } người chưa báo cáo:
deadline-missing-line = • { $name } — { $team }
deadline-more = … và { $count } người khác
deadlines-none = Hiện không có hạn báo cáo nào dành cho bạn.
deadlines-title = 📌 Các hạn báo cáo của bạn:
deadlines-line = { $mark } <b>{ $title }</b> — hạn { $due }
deadlines-done = ✅
deadlines-pending = ⏳
cmd-deadlines = Các hạn báo cáo sắp tới

## Summary
summary-title = 📊 <b>{ $area }</b> — { $period }
summary-period-today = hôm nay, { $date }
summary-period-yesterday = hôm qua, { $date }
summary-period-week = tuần { $first } – { $last }
summary-period-month = tháng { $month }
summary-teams = 👥 Tổ có báo cáo { $period }: <b>{ $reported }/{ $active }</b> · thành viên: <b>{ $members }/{ $members_active }</b>
summary-members = 👥 Thành viên có báo cáo { $period }: <b>{ $reported }/{ $active }</b>
summary-short-today = hôm nay
summary-short-yesterday = hôm qua
summary-short-week = tuần này
summary-no-data = 📈 Chưa có số liệu nào trong tháng này.
summary-targets = 🎯 <b>Chỉ tiêu và tiến độ</b>
summary-target-month = Chỉ tiêu tháng { $month }: <b>{ $percent }</b> ({ $done }/{ $target }) { $bar }
summary-target-year = Chỉ tiêu năm { $year }: <b>{ $percent }</b> ({ $done }/{ $target }) { $bar }
summary-silent = 🔕 <b>Tổ chưa báo cáo { $days } ngày qua</b> ({ $count }) — cần liên hệ:
summary-silent-line = • { $team } ({ $area }) — { $leader } · lần cuối { $date }
summary-silent-never = • { $team } ({ $area }) — { $leader } · chưa báo cáo lần nào
summary-silent-more = … và { $count } tổ khác
summary-silent-none = ✅ Tổ nào cũng đã báo cáo trong { $days } ngày qua.
summary-no-leader = chưa có tổ trưởng
summary-chart-footnote = { $area } · số liệu đến hết ngày { $date }
summary-chart-empty = Chưa có số liệu

## Privacy and roles

cmd-privacy = Dữ liệu của bạn, xóa dữ liệu
cmd-promote = Phân quyền tổ trưởng, điều phối viên
privacy-show =
    <b>Dữ liệu bot lưu về bạn</b>
    Họ tên: { $name }
    Số điện thoại: { $phone }
    Tổ: { $team }
    Vai trò: { $role }
    Tham gia: { $joined }
    Đồng ý điều khoản: { $consent }
    Số báo cáo đã gửi: { $reports }
    Người xem được: tổ trưởng, điều phối viên khu vực của bạn và quản trị viên tỉnh. Số điện thoại chỉ điều phối viên và quản trị viên xem được.
    Bên kiểm soát dữ liệu: { $data-controller }.
    Liên hệ về dữ liệu cá nhân: { $data-contact }
privacy-none = (không có)
privacy-erase = 🗑 Xóa dữ liệu cá nhân của tôi
privacy-erase-ask = Xóa họ tên, số điện thoại và tài khoản Telegram của bạn khỏi bot? Các báo cáo đã gửi vẫn được tính vào tổng số nhưng không còn mang tên bạn. Bạn sẽ không nhận tin từ bot nữa, và muốn tham gia lại thì mở link mời.
privacy-erase-yes = 🗑 Xóa vĩnh viễn
privacy-erase-no = Không xóa
privacy-erased = Đã xóa dữ liệu cá nhân của bạn. Cảm ơn bạn đã đồng hành cùng Tổ công nghệ số cộng đồng.
privacy-kept = Không có gì thay đổi.
not-allowed = Bạn không có quyền dùng chức năng này.
not-allowed-area = Bạn không có quyền xem khu vực này.
promote-ask = Gõ tên (hoặc số điện thoại) của người cần phân quyền:
promote-none = Không tìm thấy ai khớp với “{ $text }”. Gõ lại một phần họ tên hoặc số điện thoại.
promote-pick = Chọn người:
promote-role = Chọn vai trò cho <b>{ $name }</b> (hiện là { $role }):
promote-area = Chọn khu vực mà <b>{ $name }</b> điều phối:
promote-done = Đã đặt <b>{ $name }</b> làm { $role }{ $area }.
promote-area-suffix = { " " }cho { $area }

## Export

cmd-export = Xuất báo cáo ra file Excel
export-not-allowed = Chỉ điều phối viên và quản trị viên mới xuất được báo cáo Excel.
export-leader-hint = Chỉ điều phối viên và quản trị viên mới xuất được báo cáo Excel. Tổ trưởng xem kết quả của tổ mình bằng lệnh /summary.
export-no-areas = Chưa có khu vực nào. Hãy nhập danh sách tổ trước (python -m bot roster import).
export-choose-period = 📊 <b>Xuất báo cáo Excel</b>. Bạn cần số liệu của khoảng thời gian nào?
export-period-this-month = Tháng này
export-period-last-month = Tháng trước
export-period-this-week = Tuần này
export-period-last-7-days = 7 ngày qua
export-period-this-year = Năm nay
export-choose-area = 📊 Báo cáo từ { $first } đến { $last }. Chọn khu vực:
export-area-whole = 📍 { $area } (toàn bộ)
export-page-previous = ◀️ Trang trước
export-page-next = Trang sau ▶️
export-working = ⏳ Đang tạo file Excel cho <b>{ $area }</b>, { $first }–{ $last }…
export-caption = 📊 Báo cáo { $area }, { $first }–{ $last }: { $rows } dòng
export-too-big = Khu vực và khoảng thời gian này có hơn { $max } báo cáo, quá nhiều để gửi qua tin nhắn. Hãy chọn khoảng thời gian ngắn hơn hoặc khu vực nhỏ hơn; quản trị viên có thể xuất toàn bộ bằng dòng lệnh.
export-erased = (đã xóa)
export-col-date = Ngày
export-col-area = Khu vực
export-col-area-code = Mã khu vực
export-col-team-code = Mã tổ
export-col-team = Tên tổ
export-col-member = Thành viên
export-col-category = Hoạt động
export-col-note = Ghi chú
export-col-created = Tạo lúc
export-col-updated = Sửa lúc
export-col-teams = Số tổ
export-col-reports = Số báo cáo
export-col-target = { $indicator } — chỉ tiêu
export-col-percent = { $indicator } — % chỉ tiêu
export-col-role = Vai trò
export-col-status = Trạng thái
export-col-last-report = Báo cáo gần nhất
export-col-phone = Số điện thoại
export-status-active = đang hoạt động
export-status-left = đã rời tổ
export-status-unreachable = không liên lạc được
export-status-erased = đã xóa dữ liệu

## Broadcasts

cmd-broadcast = Gửi thông báo đến các tổ
cmd-broadcasts = Thông báo đang gửi, dừng gửi
broadcast-compose = 📣 Gửi nội dung thông báo: một tin nhắn văn bản (giữ định dạng), một ảnh hoặc một tài liệu.
broadcast-compose-invalid = Mình chỉ gửi được văn bản, ảnh hoặc tài liệu. Bạn gửi lại nội dung nhé, hoặc gõ /cancel để thôi.
broadcast-area = Gửi đến khu vực nào?
broadcast-roles = Gửi cho ai?
broadcast-roles-reporters = Thành viên và tổ trưởng
broadcast-roles-leaders = Chỉ tổ trưởng
broadcast-roles-coordinators = Điều phối viên
broadcast-roles-everyone = Tất cả
broadcast-filter = Gửi cho mọi người, hay chỉ những ai chưa báo cáo tuần này?
broadcast-filter-all = Mọi người
broadcast-filter-unreported = Chưa báo cáo tuần này
broadcast-preview = Thông báo trên sẽ gửi đến <b>{ $count }</b> người ở { $area }. Gửi lúc nào?
broadcast-preview-empty = Không có ai trong nhóm này để gửi. Gõ /broadcast để chọn lại.
broadcast-now = 📣 Gửi ngay
broadcast-in-hour = 🕐 Sau 1 giờ
broadcast-tomorrow = 🌅 7:30 sáng mai
broadcast-cancel = ❌ Hủy
broadcast-cancelled = Đã hủy, không gửi gì.
broadcast-queued = 📣 Đã xếp hàng { $count } tin, gửi từ { $when }. Tiến độ sẽ cập nhật ở đây.
broadcast-progress = 📣 Đang gửi: { $done }/{ $total } (đã nhận { $sent }, chặn bot { $blocked }, lỗi { $failed })
broadcast-report =
    📣 <b>Đã gửi xong thông báo #{ $id }</b>
    Đã nhận: { $sent }
    Đã chặn bot: { $blocked }
    Không gửi được: { $failed }
    Bỏ qua (đã rời tổ, đã hủy): { $skipped }
broadcast-failures = Danh sách không gửi được (#{ $id })
broadcast-report-channels = Trong đó qua Telegram: { $telegram } · qua Zalo: { $zalo }
broadcast-stop = ⏹ Dừng #{ $id }
broadcast-stop-ask = Dừng thông báo #{ $id }? Những tin chưa gửi sẽ không gửi nữa.
broadcast-stop-yes = ⏹ Dừng hẳn
broadcast-stop-no = ↩️ Tiếp tục gửi
broadcast-stop-kept = Thông báo #{ $id } vẫn tiếp tục gửi.
broadcast-stopped = ⏹ Đã dừng thông báo #{ $id }. Những tin chưa gửi sẽ không gửi nữa.
broadcast-none = Không có thông báo nào đang gửi.
broadcast-list-line = #{ $id }: { $done }/{ $total } đã xử lý

## Summary on demand

cmd-summary = Tổng hợp khu vực, biểu đồ
summary-chart-caption = 🎯 Tiến độ chỉ tiêu — { $area }
summary-choose = 📊 Tổng hợp cho khoảng thời gian nào?
summary-button-today = Hôm nay
summary-button-yesterday = Hôm qua
summary-button-week = Tuần này
summary-button-month = Tháng này
summary-members-only = Chức năng tổng hợp dành cho tổ trưởng, điều phối viên và quản trị viên. Bạn xem báo cáo của mình bằng /myreports.
menu-summary = 📊 Tổng hợp

## Admin settings in chat

cmd-reminders = Giờ nhắc báo cáo (quản trị)
cmd-newdeadline = Đặt hạn báo cáo mới
reminders-title = ⏰ <b>Lịch nhắc báo cáo</b> (giờ địa phương). Bấm để bật/tắt hoặc đổi giờ.
reminders-line = { $state } <b>{ $name }</b>: { $time }, { $days } — { $scope }
reminders-scope-day = ai chưa báo cáo hôm nay
reminders-scope-week = ai chưa báo cáo tuần này
reminders-on = ✅
reminders-off = ⏸
reminders-off-button = ⏸ Tắt { $name }
reminders-on-button = ▶️ Bật { $name }
reminders-earlier = ⏪ { $name } lúc { $time }
reminders-later = ⏩ { $name } lúc { $time }
weekday-1 = T2
weekday-2 = T3
weekday-3 = T4
weekday-4 = T5
weekday-5 = T6
weekday-6 = T7
weekday-7 = CN
deadline-ask-title = 📌 Tên của hạn báo cáo là gì? (ví dụ: Báo cáo thanh toán số tháng 11)
deadline-title-invalid = Tên cần từ 3 đến 120 ký tự. Bạn gõ lại nhé.
deadline-ask-due = Hạn chót lúc nào? Chọn bên dưới, hoặc gõ ngày giờ như <b>30/11 17h</b>, <b>17 giờ 30/11</b> hay <b>thứ 6 17h</b>.
deadline-due-invalid = Mình chưa đọc được ngày giờ này. Gõ như <b>30/11 17h</b>, <b>17 giờ 30/11</b>, <b>5 giờ chiều mai</b> hay <b>thứ 6 17h</b>, hoặc chọn một nút.
deadline-due-days = { $days } ngày nữa, 17:00
deadline-due-month-end = Cuối tháng, 17:00
deadline-ask-category = Báo cáo về hoạt động nào thì tính là đã làm?
deadline-any-category = Bất kỳ hoạt động nào
deadline-ask-area = Hạn này dành cho khu vực nào?
deadline-created = 📌 Đã đặt hạn <b>{ $title }</b>, hạn chót { $due }, cho { $area }. Bot sẽ nhắc những ai chưa báo cáo trước 3 ngày, 1 ngày và 2 giờ.

## Targets in chat

cmd-target = Đặt chỉ tiêu (quản trị)
target-ask-indicator = 🎯 Đặt chỉ tiêu cho chỉ số nào?
target-ask-area = Cho khu vực nào?
target-ask-period = Cho kỳ nào?
target-period-month = Tháng { $month }
target-period-year = Năm { $year }
target-ask-value = Chỉ tiêu <b>{ $indicator }</b> cho { $area }, { $period } là bao nhiêu? Gõ một số nguyên dương.
target-value-invalid = Chỉ tiêu là một số nguyên dương, ví dụ <b>500</b>. Bạn gõ lại nhé.
target-saved = 🎯 Đã lưu chỉ tiêu <b>{ $indicator }</b> cho { $area }, { $period }: <b>{ $value }</b>.

## Two messengers (/link) and the Zalo channel
cmd-link = Dùng cả Zalo và Telegram
link-code =
    🔗 Mã liên kết của bạn: <code>{ $code }</code>
    Mở { $other }, nhắn mã này cho bot trong { $minutes } phút để dùng cùng tài khoản. Từ đó bot nhắn cho bạn ở nơi bạn nhắn gần nhất.
link-done = ✅ Đã liên kết, { $name }. Bot sẽ nhắn cho bạn ở đây; báo cáo và nhắc việc vẫn như cũ.
link-unavailable = Bot này mới chạy trên một ứng dụng nhắn tin, nên chưa cần liên kết. Khi quản trị viên mở thêm Zalo hoặc Telegram, lệnh /link sẽ cho bạn mã liên kết.
zalo-or = hoặc
zalo-answer = Trả lời { $numbers }.
zalo-value-hint = Gõ số, hoặc gõ { $words }.
zalo-contact-hint = 📱 Gõ số điện thoại của bạn (ví dụ 0912 345 678).
zalo-stale-number = Không có lựa chọn số { $number } ở tin nhắn mới nhất. Trả lời { $numbers }.
zalo-unsupported = Bot chưa đọc được loại tin nhắn này. Bạn gõ chữ giúp nhé.
zalo-file-link = 📎 { $name }: { $url } (mở được trong { $hours } giờ)
zalo-file-elsewhere = 📎 Tệp { $name } không gửi được qua Zalo. Bạn xem trên Telegram (lệnh /link), hoặc nhờ quản trị viên xuất bằng lệnh «python -m bot export».
zalo-photo-elsewhere = 🖼 Biểu đồ không gửi được qua Zalo lúc này. Bạn xem trên Telegram (lệnh /link), các số liệu có ở trên.
zalo-link-gone = Liên kết này không đúng hoặc đã hết hạn. Bạn nhờ bot gửi lại nhé.

## Wording for Zalo, where buttons are numbered lines to answer by typing (used instead of the
## text without "-zalo" while handling a Zalo member's message).
join-consent-needed-zalo = Bạn trả lời <b>1</b> (Tôi đồng ý) để tiếp tục, hoặc <b>2</b> (Không đồng ý) để dừng.
join-ask-name-zalo =
    Họ và tên của bạn là gì?
    Trả lời 1 để dùng tên <b>{ $name }</b>, hoặc gõ họ tên đầy đủ (ví dụ: Nguyễn Thị Lan).
join-ask-phone-zalo = Bạn cho số điện thoại để tổ trưởng và cán bộ xã liên hệ khi cần nhé (không bắt buộc).
join-phone-invalid-zalo = Số điện thoại chưa đúng. Gõ số di động 10 chữ số (ví dụ 0912 345 678), hoặc gõ <b>Bỏ qua</b>.
join-confirm-needed-zalo = Bạn trả lời <b>1</b> để hoàn tất (2: Sửa tên, 3: Sửa số, 4: Hủy).
report-ask-value-optional-zalo =
    { $emoji } <b>{ $category }</b> — câu { $step }/{ $steps }
    <b>{ $indicator }</b>?
    Gõ một số từ { $min } đến { $max } ({ $unit }).
report-ask-note-zalo = Gõ ghi chú (tối đa { $max } ký tự).
report-choose-hint-zalo = Bạn gõ số từ 1 đến { $count } theo danh sách bên trên.
remind-day-zalo = ⏰ Hôm nay ({ $date }) bạn chưa gửi báo cáo. Chỉ mất một phút thôi — trả lời <b>1</b> để báo cáo ngay.
remind-week-zalo = ⏰ Tuần này bạn chưa gửi báo cáo nào. Trả lời <b>1</b> để gửi những gì bạn đã làm.

# --- province ---
## The province's own names (settings BOT_NAME, DATA_CONTROLLER, DATA_CONTACT): every text may
## use { $bot-name }, { $data-controller } and { $data-contact }; these are used when unset.
province-default-bot-name = Trợ lý Tổ công nghệ số cộng đồng
province-default-data-controller = đơn vị quản lý các Tổ công nghệ số cộng đồng của tỉnh
province-default-data-contact = tổ trưởng hoặc cán bộ xã của bạn
reminder-rule-daily = Nhắc hằng ngày
reminder-rule-weekly = Nhắc hằng tuần
help-area = , điều phối <b>{ $area }</b>
promote-found-line = • <b>{ $name }</b> — { $team } · { $phone }
promote-no-team = chưa có tổ
promote-no-phone = chưa có số điện thoại
promote-button = { $name } · { $detail }
promote-notice = 🎖 Quản trị viên vừa giao cho bạn vai trò <b>{ $role }</b>{ $area }. Gõ /help để xem các việc bạn làm được.
promote-notice-area = { " " }cho <b>{ $area }</b>
deadline-due-ambiguous-hour = “{ $hour } giờ” là { $hour } giờ sáng hay { $later } giờ? Bạn gõ rõ giúp mình, ví dụ <b>{ $hour } giờ chiều { $date }</b> hoặc <b>{ $later }h { $date }</b>.
deadline-due-ambiguous-weekday = Hôm nay đã là { $weekday }. Bạn muốn hôm nay hay tuần sau? Gõ ngày cụ thể, ví dụ <b>{ $example }</b>.
deadline-due-past = { $when } đã qua rồi. Hạn chót phải ở tương lai, ví dụ <b>{ $example }</b>.
promote-more = … và còn người khác nữa. Gõ thêm họ tên hoặc số điện thoại để tìm đúng người.
reminders-title-zalo = ⏰ <b>Lịch nhắc báo cáo</b> (giờ địa phương). Gõ số bên dưới để tắt, bật hoặc đổi giờ.
weekday-long-1 = thứ Hai
weekday-long-2 = thứ Ba
weekday-long-3 = thứ Tư
weekday-long-4 = thứ Năm
weekday-long-5 = thứ Sáu
weekday-long-6 = thứ Bảy
weekday-long-7 = Chủ nhật

# --- evidence ---
evidence-photo-kept = 📷 Đã nhận ảnh minh chứng cho báo cáo này.
evidence-photo-full = 📷 Báo cáo này đã có đủ { $max } ảnh minh chứng, mình không nhận thêm.
evidence-photo-outside = 📷 Mình nhận được ảnh, nhưng bạn chưa làm báo cáo nào để gắn ảnh vào. Bạn bấm <b>📝 Báo cáo</b> (hoặc gõ như <b>vneid 12</b>), rồi gửi ảnh trong lúc làm báo cáo: ảnh sẽ được lưu làm minh chứng.
evidence-photo-outside-zalo = 📷 Mình nhận được ảnh, nhưng bạn chưa làm báo cáo nào để gắn ảnh vào. Bạn trả lời <b>1</b> để báo cáo (hoặc gõ như <b>vneid 12</b>), rồi gửi ảnh trong lúc làm báo cáo: ảnh sẽ được lưu làm minh chứng.
evidence-voice = 🎤 Bot chưa nghe được tin nhắn thoại. Bạn gõ bằng chữ giúp mình nhé.
evidence-voice-outside = 🎤 Bot chưa nghe được tin nhắn thoại. Muốn báo cáo, bạn bấm <b>📝 Báo cáo</b> rồi gõ các con số, hoặc gõ một tin như <b>vneid 12, dvc 5</b> (tên hoạt động và số lượng).
evidence-voice-outside-zalo = 🎤 Bot chưa nghe được tin nhắn thoại. Muốn báo cáo, bạn trả lời <b>1</b> rồi gõ các con số, hoặc gõ một tin như <b>vneid 12, dvc 5</b> (tên hoạt động và số lượng).
myreports-photos = { $count ->
    [1] 📷
   *[other] 📷 { $count }
}
export-col-evidence = Ảnh minh chứng
export-evidence-no-link = { $count ->
    [1] 📷 có ảnh
   *[other] 📷 có { $count } ảnh
}
evidence-link-gone = Liên kết ảnh này không đúng hoặc đã hết hạn. Bạn xuất lại báo cáo để có liên kết mới.

# --- typed ---
## Reports and joining in as few typed messages as the content needs (Zalo first).
typed-activities = Số hoạt động: { $activities }.
typed-same-word = Lặp lại
typed-several-hint = Gõ cả { $count } số một lần cũng được, cách nhau dấu cách, ví dụ «{ $example }».
typed-too-many = Hoạt động { $category } có { $expected } số: { $indicators }. Bạn gõ { $given } số nên mình chưa lấy số nào. Bạn gõ lại theo thứ tự đó nhé, ví dụ «{ $example }».
typed-too-many-rest = Còn { $expected } số: { $indicators }. Bạn gõ { $given } số nên mình chưa lấy số nào. Bạn gõ lại nhé, ví dụ «{ $example }».
typed-grouped = «{ $typed }» là một số hay nhiều số? Một số thì gõ có dấu chấm: «{ $joined }». Nhiều số thì cách nhau dấu phẩy: «{ $commas }».
typed-wrong-number = «{ $typed }» ({ $indicator }): { $reason }
typed-no-activity = Không có hoạt động số { $number }. { $activities }
quick-title-zalo = Mình hiểu báo cáo của bạn như sau (chưa lưu cho đến khi bạn trả lời 1 để gửi):
report-choose-category-zalo = 📝 Báo cáo ngày <b>{ $date }</b>. Chọn một hoạt động, hoặc báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12».
join-done-zalo =
    🎉 Xong rồi! <b>{ $name }</b> đã là thành viên của <b>{ $team }</b>.
    Báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12».
    Số hoạt động: { $activities }.
not-understood-zalo = Mình chưa hiểu tin nhắn này. Báo nhanh: gõ số hoạt động và số liệu, ví dụ «1 12», hoặc gõ như «vneid 12». Gõ /help để xem bot giúp được gì.
join-code-unknown = Mã mời này không tồn tại, bạn hỏi lại tổ trưởng nhé.
join-ask-phone-named =
    Họ tên: <b>{ $name }</b> (sửa được ở bước sau).
    Bạn chia sẻ số điện thoại để tổ trưởng và cán bộ xã liên hệ khi cần nhé (không bắt buộc).
    Bấm <b>📱 Chia sẻ số điện thoại</b> bên dưới, gõ số (ví dụ 0912 345 678), hoặc bấm <b>Bỏ qua</b>.
join-ask-phone-named-zalo =
    Họ tên: <b>{ $name }</b> (sửa được ở bước sau).
    Bạn cho số điện thoại để tổ trưởng và cán bộ xã liên hệ khi cần nhé (không bắt buộc).

# --- groups ---
group-code =
    🔗 Mã liên kết nhóm với <b>{ $scope }</b>: <b>{ $code }</b>
    1. Thêm bot vào nhóm Zalo của { $scope }.
    2. Gõ mã này vào nhóm (chỉ mã, không kèm chữ khác).
    Mã dùng được một lần, trong { $hours } giờ. Trong nhóm, bot chỉ đăng bản tổng hợp hằng ngày và lời nhắc báo cáo (không có số điện thoại), và không trả lời tin nhắn nào.
group-not-allowed = Chỉ điều phối viên (cho địa bàn của mình) và tổ trưởng (cho tổ của mình) mới liên kết được nhóm Zalo.
group-unavailable = Bot chưa được bật để vào nhóm Zalo. Bạn nhờ quản trị viên nhé.
group-linked = ✅ Đã liên kết nhóm với { $scope }. Bot sẽ đăng vào đây bản tổng hợp hằng ngày và lời nhắc báo cáo.
group-reminder-day =
    { $count ->
        [0] ✅ Hôm nay ({ $date }) mọi người đều đã báo cáo. Cảm ơn cả nhóm!
       *[other] ⏰ Hôm nay ({ $date }) còn <b>{ $count }</b> thành viên chưa báo cáo. Nhắn bot để báo cáo nhé.
    }
group-reminder-week =
    { $count ->
        [0] ✅ Tuần này (đến { $date }) mọi người đều đã báo cáo. Cảm ơn cả nhóm!
       *[other] ⏰ Tuần này (đến { $date }) còn <b>{ $count }</b> thành viên chưa báo cáo. Nhắn bot để báo cáo nhé.
    }
group-reminder-names = Chưa báo cáo: { $names }
group-reminder-more = … và { $count } người nữa
group-reminder-unnamed = ({ $count } người không nêu tên: họ chưa đồng ý được nêu tên trong nhóm.)
groupname-on = ✅ Bạn đồng ý được nêu tên trong lời nhắc ở nhóm Zalo khi chưa báo cáo. Gõ /groupname off để tắt.
groupname-off = Tên bạn không được nêu trong lời nhắc ở nhóm Zalo: nhóm chỉ thấy số người chưa báo cáo. Gõ /groupname on nếu bạn đồng ý được nêu tên.
groupname-wrong = Gõ /groupname on để đồng ý được nêu tên trong nhóm, hoặc /groupname off để tắt.
summary-silent-line-group = • { $team } ({ $area }) · lần cuối { $date }
summary-silent-never-group = • { $team } ({ $area }) · chưa báo cáo lần nào

# --- summary ---
summary-short-month = tháng này
summary-teams-new = 🆕 Trong đó { $count } tổ mới lập, chưa có báo cáo (chưa tính là đã báo cáo)
summary-fig-today = hôm nay <b>{ $value }</b>
summary-fig-yesterday = hôm qua <b>{ $value }</b>
summary-fig-week = tuần này (từ { $first }) <b>{ $value }</b>
summary-fig-month = từ đầu tháng { $month } <b>{ $value }</b>
summary-fig-year = từ đầu năm { $year } <b>{ $value }</b>
summary-indicator = ▸ <b>{ $indicator }</b>
summary-target-need = Còn thiếu <b>{ $needed }</b>: cần <b>{ $per_day }</b> mỗi ngày làm việc ({ $days } ngày còn lại)
summary-target-need-last = Còn thiếu <b>{ $needed }</b>; kỳ chỉ tiêu không còn ngày làm việc nào
summary-target-done = ✅ Đã đạt chỉ tiêu
summary-results = 📈 <b>Kết quả</b>
summary-results-other = 📈 <b>Kết quả khác</b>
summary-result-line = • { $indicator }: { $figures }
summary-ranking-month = 🏆 <b>Xếp hạng theo tiến độ</b> — { $indicator }, chỉ tiêu tháng { $period }
summary-ranking-year = 🏆 <b>Xếp hạng theo tiến độ</b> — { $indicator }, chỉ tiêu năm { $period }
summary-ranking-results = 🏆 <b>Xếp hạng theo kết quả tháng { $month }</b> — { $indicator }
summary-rank-progress = { $rank }. { $name } — <b>{ $percent }</b> ({ $done }/{ $target })
summary-rank-result = { $rank }. { $name } — <b>{ $value }</b>
summary-rank-more = … và { $count } { $level } khác
summary-rank-untargeted = ({ $count } { $level } chưa được giao chỉ tiêu)
summary-level-commune = xã, phường
summary-level-district = huyện
summary-level-village = thôn, tổ dân phố
summary-level-team = tổ
summary-level-member = thành viên
summary-level-area = địa bàn
summary-silent-none-but-new = ✅ Các tổ đã lập từ { $days } ngày trở lên đều có báo cáo trong { $days } ngày qua.
summary-new = 🆕 <b>Tổ mới, chưa có báo cáo</b> ({ $count }):
summary-new-line = • { $team } ({ $area }) — { $leader } · mới, chưa có báo cáo
summary-new-more = … và { $count } tổ mới khác
summary-missing = 🔕 <b>Chưa báo cáo { $period }</b> ({ $count }): { $names }
summary-missing-more = và { $count } người khác
summary-missing-none = ✅ Cả tổ đã báo cáo { $period }.
summary-chart-progress = Tiến độ chỉ tiêu — { $area }
summary-chart-target = chỉ tiêu
summary-chart-by = { $indicator } · { $period }
summary-chart-period-month = tháng { $period }
summary-chart-period-year = năm { $period }
summary-chart-results = Kết quả tháng { $month } — { $indicator }
summary-chart-more = và { $count } { $level } khác
summary-chart-trend = Kết quả { $days } ngày qua — { $area }
summary-trend-caption = 📈 Kết quả { $days } ngày qua — { $area }
summary-results-caption = 📊 Kết quả tháng theo địa bàn — { $area }

# --- excel ---
export-sheet-overview = Tổng hợp
export-sheet-reports = Báo cáo
export-sheet-by-area = Theo khu vực
export-sheet-members = Thành viên
export-title-overview = BÁO CÁO TỔNG HỢP KẾT QUẢ HOẠT ĐỘNG CỦA TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG
export-title-reports = DANH SÁCH BÁO CÁO HOẠT ĐỘNG CỦA TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG
export-title-by-area = KẾT QUẢ HOẠT ĐỘNG THEO KHU VỰC
export-title-members = DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG
export-head-area = Khu vực: { $area }
export-head-period = Kỳ báo cáo: từ ngày { $first } đến ngày { $last }
export-head-generated = Thời điểm xuất: { $at }
export-head-author = Người xuất: { $author }
export-author = { $name } ({ $role })
export-author-cli = quản trị hệ thống (dòng lệnh)
export-col-number = STT
export-col-unit = Đơn vị
export-direct = { $area } (trực thuộc)
export-total = Tổng cộng
export-subtotal = Cộng trang này
export-total-all = Tổng cộng (tất cả các trang)
export-total-reports = { $count } báo cáo
broadcast-signature = <i>— { $name }, { $role ->
        [admin] quản trị viên
       *[other] cán bộ điều phối
    } { $area }</i>
broadcast-too-long = Thông báo dài { $length } ký tự. Kèm chữ ký người gửi, thông báo chỉ được tối đa { $max } ký tự. Bạn rút gọn rồi gửi lại nhé, hoặc gõ /cancel để thôi.

# --- invites ---
## Printed invite cards (python -m bot roster cards): plain text, short lines.
card-code-label = Mã mời
card-qr-zalo = Zalo
card-qr-telegram = Telegram
card-zalo-step = Zalo: mở Zalo, quét mã Zalo, gõ mã mời { $code }
card-telegram-step = Telegram: quét mã Telegram, bấm Bắt đầu
card-zalo-only = Mở Zalo, quét mã QR, rồi gõ mã mời { $code } vào khung chat.
card-zalo-only-then = Bot sẽ hướng dẫn bạn các bước tiếp theo.
card-telegram-only = Mở Telegram, quét mã QR, bấm Bắt đầu.
card-telegram-only-then = Không quét được? Tìm @{ $bot } và gõ mã mời { $code }.

# --- area changes (issue 17: merges, splits, renames with a date) ---
## The name of a merge's successor where summaries and exports name it.
area-merged-ward = { $name } (sáp nhập { $count } phường ngày { $date })
area-merged-mixed = { $name } (sáp nhập { $count } xã, phường ngày { $date })
area-merged-commune = { $name } (sáp nhập { $count } xã ngày { $date })
area-merged-village = { $name } (sáp nhập { $count } thôn, tổ dân phố ngày { $date })
area-merged-district = { $name } (sáp nhập { $count } huyện ngày { $date })
area-merged-province = { $name } (sáp nhập { $count } tỉnh ngày { $date })
## A split commune's row in an export, holding its reports from before the split.
area-split-retired = { $name } (đã chia tách ngày { $date })
## The area in an export's title block, drawn as the map was on a day (--as-of).
export-head-as-of = { $area } (theo địa giới hành chính ngày { $date })
# review-entry (issue 16, helper A)
## Checks at entry: one question about an unusual value before the card; a held report; a
## report returned by its reviewer; the reason for correcting a confirmed report; its history.
report-check =
    { $emoji } <b>{ $category }</b> — { $indicator }
    🤔 Bạn nhập <b>{ $value } { $unit }</b> — đúng không?
report-check-why-soft_max = Một người một ngày thường không quá { $reference } { $unit }.
report-check-why-own_history = Thường bạn báo khoảng { $reference } { $unit }.
report-check-why-peers = Các thành viên cùng địa bàn thường báo khoảng { $reference } { $unit }.
report-check-hint = Nếu đúng, báo cáo sẽ chờ tổ trưởng xác nhận rồi mới tính vào tổng. Nhập nhầm thì bấm <b>✏️ Sửa</b> hoặc gõ luôn số đúng.
report-check-hint-zalo = Nếu đúng, báo cáo sẽ chờ tổ trưởng xác nhận rồi mới tính vào tổng.
report-check-yes = ✅ Đúng
report-check-fix = ✏️ Sửa
expect-check = Bạn bấm <b>✅ Đúng</b> nếu số này đúng, <b>✏️ Sửa</b> để nhập lại, hoặc gõ luôn số đúng. Gõ /cancel để dừng.
expect-check-zalo = Bạn trả lời 1 nếu số này đúng, 2 để nhập lại. Gõ /cancel để dừng.
report-held = ⏳ Báo cáo đã lưu, chờ tổ trưởng xác nhận vì có số liệu bất thường. Số liệu sẽ được tính vào tổng khi được xác nhận.
report-ask-reason = Báo cáo này đã được xác nhận. Vì sao bạn sửa? Chọn một lý do, hoặc gõ lý do của bạn.
report-ask-reason-zalo = Báo cáo này đã được xác nhận. Vì sao bạn sửa? Trả lời số của một lý do, hoặc gõ lý do của bạn.
report-reason-typo = Gõ nhầm
report-reason-missing = Thiếu số liệu
report-reason-date = Sai ngày
expect-reason = Bạn chọn một lý do ở trên, hoặc gõ lý do bằng chữ. Gõ /cancel để dừng.
returned-kept = ✅ Đã gửi lại báo cáo ngày { $date } như cũ để tổ trưởng xem lại.
returned-stale = Báo cáo này không còn chờ bạn trả lời nữa.
returned-too-late = Báo cáo này không còn sửa được nữa.
myreports-pending = { "   " }⏳ chờ xác nhận
myreports-returned = { "   " }↩️ bị trả lại, bạn sửa hoặc giữ nguyên
myreports-history = 🕘 Lịch sử { $number }
myreports-history-title = 🕘 <b>Lịch sử báo cáo</b> ngày { $date } · { $emoji } { $category }
myreports-history-empty = Chưa có thay đổi nào được ghi lại.
myreports-history-line = • { $at } · { $who }: { $action }
myreports-history-change = { "   " }{ $indicator }: { $before } → { $after }
myreports-history-moved = { "   " }{ $what }: { $before } → { $after }
myreports-history-reason = { "   " }Lý do: { $reason }
myreports-history-system = bot
myreports-history-date = Ngày
myreports-history-note = Ghi chú
myreports-history-category = Hoạt động
history-report-created = gửi báo cáo
history-report-updated = sửa báo cáo
history-report-deleted = xóa báo cáo
history-report-flagged = số liệu bất thường, chờ xác nhận
history-report-confirmed = xác nhận
history-report-returned = trả lại
history-report-resubmitted = sửa và gửi lại để xác nhận
history-report-kept = giữ nguyên, gửi lại để xác nhận
history-report-escalated = chuyển lên cấp trên xác nhận
history-report-other = { $action }
returned-fix-header = ↩️ Báo cáo bị trả lại. Bấm <b>✏️ Sửa</b> để sửa số liệu, rồi bấm <b>✅ Gửi</b>: báo cáo sẽ được gửi lại để xác nhận.
returned-fix-header-zalo = ↩️ Báo cáo bị trả lại. Trả lời 3 (✏️ Sửa) để sửa số liệu, rồi 1 (✅ Gửi): báo cáo sẽ được gửi lại để xác nhận.
report-held-rule = ⏳ Báo cáo đã lưu, chờ tổ trưởng xác nhận (tỉnh xác nhận mọi báo cáo có chỉ tiêu này). Số liệu sẽ được tính vào tổng khi được xác nhận.
# review-cards (issue 16, helper B)
cmd-review = Báo cáo chờ xác nhận
cmd-correct = Sửa số liệu một báo cáo (số báo cáo)
review-card-title = 🔎 <b>Báo cáo cần xác nhận</b> (số { $number })
review-card-member = 👤 { $name } — { $team }
review-card-day = 📅 { $day }
review-card-activity = { $activity }
review-card-value = • { $indicator }: { $amount }
review-card-value-flagged = • { $indicator }: <b>{ $amount }</b> ⚠️
review-card-why = ⚠️ { $indicator }: { $why }
review-why-soft_max = vượt mức hợp lý ({ $reference } { $unit }/ngày)
review-why-own_history = gấp hơn { $ratio } lần mức thường của thành viên (khoảng { $reference })
review-why-peers = gấp hơn { $ratio } lần mức thường trong xã (khoảng { $reference })
review-why-review_all = tỉnh yêu cầu xác nhận mọi báo cáo chỉ tiêu này
review-card-recent = 📈 { $indicator } gần đây: { $values }
review-card-recent-item = { $value } ({ $day })
review-card-recent-none = 📈 { $indicator }: thành viên chưa có báo cáo nào được tính trước đây.
review-card-note = 📝 { $note }
review-card-escalated = ⏫ Chuyển lên từ { $role } { $name } sau { $days } ngày chưa được xử lý.
review-confirm = ✅ Xác nhận
review-return = ↩️ Trả lại
review-fix = ✏️ Sửa số
review-reason-high = Số liệu quá cao
review-reason-date = Sai ngày
review-reason-activity = Sai hoạt động
review-reason-duplicate = Nhập trùng
review-reason-other = ✍️ Lý do khác
review-ask-reason = ↩️ Trả lại báo cáo số { $number } — bạn chọn lý do:
review-ask-reason-zalo = ↩️ Trả lại báo cáo số { $number } — bạn gõ số thứ tự của lý do:
review-type-reason = ✍️ Bạn gõ lý do trả lại báo cáo số { $number } (tối đa { $max } ký tự), hoặc gõ /cancel để thôi.
review-reason-too-long = Lý do dài quá: tối đa { $max } ký tự. Bạn gõ ngắn lại nhé.
review-expect-reason = Bạn gõ lý do bằng chữ, hoặc gõ /cancel để thôi.
review-done-confirmed = ✅ <b>Đã xác nhận.</b> Số liệu đã được tính vào tổng hợp.
review-done-returned = ↩️ <b>Đã trả lại</b> cho { $name }: { $reason }
review-stale = Báo cáo này đã được xử lý.
review-forbidden = Bạn không có quyền xác nhận báo cáo này.
review-returned = ↩️ Báo cáo ngày { $day } ({ $activity }) được { $role ->
        [leader] tổ trưởng
        [coordinator] điều phối viên
       *[other] quản trị viên
    } { $name } trả lại: { $reason }.
    Bạn sửa lại số liệu, hoặc giữ nguyên nếu số liệu đã đúng.
review-returned-zalo = ↩️ Báo cáo ngày { $day } ({ $activity }) được { $role ->
        [leader] tổ trưởng
        [coordinator] điều phối viên
       *[other] quản trị viên
    } { $name } trả lại: { $reason }.
    Bạn gõ số thứ tự: sửa lại số liệu, hoặc giữ nguyên nếu số liệu đã đúng.
review-returned-fix = ✏️ Sửa
review-returned-keep = ✅ Giữ nguyên
review-corrected = ✏️ Báo cáo ngày { $day } ({ $activity }) của bạn đã được { $role ->
        [coordinator] điều phối viên
       *[other] quản trị viên
    } { $name } sửa: { $indicator }: { $before } → { $after }. Lý do: { $reason }.
review-fix-pick = ✏️ Sửa báo cáo số { $number } — bạn chọn số cần sửa:
review-fix-pick-zalo = ✏️ Sửa báo cáo số { $number } — bạn gõ số thứ tự của số cần sửa:
review-fix-ask-value = ✏️ { $indicator } (hiện là { $current }): bạn gõ số mới, từ { $min } đến { $max }, hoặc gõ /cancel để thôi.
review-fix-bad-value = Chưa đọc được số: bạn gõ một số nguyên từ { $min } đến { $max } nhé.
review-fix-ask-reason = Vì sao sửa? Bạn chọn lý do:
review-fix-ask-reason-zalo = Vì sao sửa? Bạn gõ số thứ tự của lý do:
review-fix-reason-typo = Nhập nhầm số
review-fix-reason-checked = Đã kiểm tra sổ theo dõi
review-fix-reason-member = Thành viên báo lại
review-fix-type-reason = ✍️ Bạn gõ lý do sửa (tối đa { $max } ký tự), hoặc gõ /cancel để thôi.
review-fix-done = ✅ Đã sửa báo cáo số { $number }: { $indicator }: { $before } → { $after }. Báo cáo được tính là đã xác nhận; thành viên đã được báo.
review-fix-not-allowed = Chỉ điều phối viên và quản trị viên mới sửa được số liệu của người khác.
review-list-title = 🔎 <b>Báo cáo chờ xác nhận</b> ({ $count }):
review-list-line = { $index }. Số { $number } · { $name } · { $day } · { $activity } · { $days ->
        [0] mới gửi
       *[other] chờ { $days } ngày
    }
review-list-more = … và { $count } báo cáo khác (mở các báo cáo trên trước).
review-list-hint = Bấm vào số báo cáo để mở thẻ xác nhận.
review-list-hint-zalo = Gõ số thứ tự để mở thẻ xác nhận.
review-list-empty = ✅ Không có báo cáo nào chờ xác nhận.
review-list-open = 📂 Số { $number }
review-only-reviewers = Chỉ tổ trưởng và điều phối viên mới xác nhận báo cáo. Báo cáo của bạn, nếu cần, sẽ được tổ trưởng xem lại.
review-correct-usage = Bạn gõ /correct và số báo cáo, ví dụ: /correct 12
review-correct-not-found = Không tìm thấy báo cáo số { $number } trong địa bàn của bạn.
review-fix-expect-number = Bạn gõ số mới bằng chữ số, hoặc gõ /cancel để thôi.
# review-counts (issue 16, helper C)
## What counts: the summary's line for reports waiting for review, the chart captions, the
## export's review columns and history sheet, the words of `python -m bot review list`.
review-counts-held = ⏳ <b>{ $reports } báo cáo</b> { $since } chờ xác nhận (chưa tính: { $totals })
review-counts-held-empty = ⏳ <b>{ $reports } báo cáo</b> { $since } chờ xác nhận (chưa tính vào số liệu trên)
review-counts-since-month = từ đầu tháng { $month }
review-counts-since-year = từ đầu năm { $year }
review-counts-since-day = từ ngày { $date }
review-counts-chart-held = ⏳ Chưa tính { $reports } báo cáo chờ xác nhận ({ $since })
review-counts-state-accepted = Đã ghi nhận
review-counts-state-pending = Chờ xác nhận
review-counts-state-returned = Bị trả lại
review-counts-state-confirmed = Đã xác nhận
review-counts-flag-soft_max = { $indicator } { $value }: vượt mức hợp lý { $reference }
review-counts-flag-own_history = { $indicator } { $value }: { $exact ->
        [yes] gấp { $times } lần
       *[other] gấp hơn { $times } lần
    } mức thường ({ $reference })
review-counts-flag-peers = { $indicator } { $value }: { $exact ->
        [yes] gấp { $times } lần
       *[other] gấp hơn { $times } lần
    } mức thường của địa bàn ({ $reference })
review-counts-flag-review_all = { $indicator } { $value }: chỉ tiêu được rà soát ở mọi báo cáo
review-counts-action-created = tạo
review-counts-action-updated = sửa
review-counts-action-flagged = đánh dấu
review-counts-action-confirmed = xác nhận
review-counts-action-returned = trả lại
review-counts-action-resubmitted = gửi lại
review-counts-action-kept = giữ nguyên, gửi lại
review-counts-action-escalated = chuyển lên
review-counts-action-deleted = xóa
review-counts-system = hệ thống
review-counts-escalated-to = chuyển cho { $name }
review-counts-date = Ngày { $date }
export-col-id = Mã báo cáo
export-col-review = Trạng thái
export-col-flags = Lý do đánh dấu
export-col-held-reports = Trong đó chờ xác nhận
export-col-held = { $indicator } — chờ xác nhận (chưa tính)
export-total-reports-held = { $count } báo cáo ({ $held } chờ xác nhận)
export-sheet-history = Lịch sử sửa
export-title-history = LỊCH SỬ TẠO, SỬA VÀ XÁC NHẬN BÁO CÁO
export-col-report-date = Ngày báo cáo
export-col-at = Thời điểm
export-col-actor = Người thực hiện
export-col-action = Thao tác
export-col-before = Trước
export-col-after = Sau
export-col-reason = Lý do
