## Joining a team

start-how-to-join =
    Xin chào! Đây là trợ lý báo cáo của <b>Tổ công nghệ số cộng đồng</b>.
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

help-intro = Bạn là <b>{ $role }</b>{ $team }. Bot giúp bạn:
help-team = { " " }của <b>{ $team }</b>
help-line = /{ $command } — { $description }
help-footer = Lúc nào muốn dừng việc đang làm, gõ /cancel.
menu-help = ❓ Trợ giúp
menu-language = 🌐 Ngôn ngữ
cancel-done = Đã dừng. Bạn cần gì thì gõ /help nhé.
cancel-nothing = Không có việc gì đang làm dở. Gõ /help để xem bot giúp được gì.
language-ask = Chọn ngôn ngữ / Choose a language:
language-set = Đã chuyển sang tiếng Việt.
not-registered = Bạn chưa tham gia tổ nào. Hãy mở link mời của tổ, hoặc gõ mã mời (10 ký tự).
not-understood = Mình chưa hiểu tin nhắn này. Gõ /help để xem bot giúp được gì.
card-expired = Thẻ này đã hết hạn. Gõ /help để bắt đầu lại.
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
report-retired = { $label } (đã ngừng)
quick-title = Mình hiểu báo cáo của bạn như sau (chưa lưu cho đến khi bạn bấm Gửi):
quick-not-understood = ⚠️ Chưa hiểu, nên bỏ qua: { $fragments }
quick-problem = ⚠️ { $problem }
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
