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
